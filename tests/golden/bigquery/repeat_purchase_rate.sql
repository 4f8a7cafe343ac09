WITH `t15` AS (
  SELECT
    `t14`.`period_start`,
    `t14`.`segment`,
    ieee_divide(
      CAST(SUM(`t14`.`_num`) AS FLOAT64),
      IF(
        CAST(SUM(`t14`.`_den`) AS FLOAT64) = 0,
        CAST(NULL AS FLOAT64),
        CAST(SUM(`t14`.`_den`) AS FLOAT64)
      )
    ) AS `value`
  FROM (
    SELECT
      `t13`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t12`.`account_id`,
        `t12`.`period_start`,
        `t12`.`n`,
        `t12`.`_num`,
        `t12`.`_den`,
        `t5`.`dim_account_id`,
        `t5`.`segment`
      FROM (
        SELECT
          `t8`.`account_id`,
          `t8`.`period_start`,
          `t8`.`n`,
          IF(`t8`.`n` >= 2, 1, 0) AS `_num`,
          1 AS `_den`
        FROM (
          SELECT
            `t7`.`account_id`,
            `t7`.`period_start`,
            COUNT(*) AS `n`
          FROM (
            SELECT
              `t1`.`invoice_id`,
              `t1`.`account_id`,
              `t1`.`issued_at`,
              `t1`.`amount`,
              `t1`.`kind`,
              CAST(TIMESTAMP_TRUNC(`t1`.`issued_at`, MONTH) AS DATE) AS `period_start`
            FROM `invoices` AS `t1`
            WHERE
              `t1`.`amount` > 0
              AND `t1`.`issued_at` >= DATETIME('2026-05-01T00:00:00')
              AND `t1`.`issued_at` < DATETIME('2026-11-01T00:00:00')
          ) AS `t7`
          GROUP BY
            1,
            2
        ) AS `t8`
        WHERE
          `t8`.`period_start` >= DATE(2026, 5, 1)
          AND `t8`.`period_start` < DATE(2026, 11, 1)
      ) AS `t12`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t5`
        ON `t12`.`account_id` = `t5`.`dim_account_id`
    ) AS `t13`
  ) AS `t14`
  GROUP BY
    1,
    2
)
SELECT
  `t10`.`period_start`,
  `t22`.`segment`,
  `t20`.`value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t6`.`i` * 1) MONTH) AS `period_start`
  FROM (
    SELECT
      `t2`.*
      REPLACE (`ibis_table_unnest_column_0` AS `i`)
    FROM (
      SELECT
        IF(
          NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN(6 - 0),
          ARRAY(
            SELECT
              ibis_bq_arr_range_1
            FROM UNNEST(GENERATE_ARRAY(0, 6, 1)) AS ibis_bq_arr_range_1
            WHERE
              ibis_bq_arr_range_1 <> 6
          ),
          []
        ) AS `i`
    ) AS `t2`
    CROSS JOIN UNNEST(`t2`.`i`) AS `ibis_table_unnest_column_0`
  ) AS `t6`
) AS `t10`
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t0`.`segment`
      FROM `accounts` AS `t0`
    ) AS `t3`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t16`.`segment`
      FROM `t15` AS `t16`
    ) AS `t17`
  ) AS `t19`
) AS `t22`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t15` AS `t16`
) AS `t20`
  ON `t10`.`period_start` = `t20`.`period_start`
  AND `t22`.`segment` IS NOT DISTINCT FROM `t20`.`segment`

WITH `t16` AS (
  SELECT
    `t15`.`period_start`,
    `t15`.`segment`,
    ieee_divide(
      SUM(`t15`.`_num`),
      IF(SUM(`t15`.`_den`) = 0, CAST(NULL AS FLOAT64), SUM(`t15`.`_den`))
    ) AS `value`
  FROM (
    SELECT
      `t14`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t13`.`account_id`,
        `t13`.`period_start`,
        `t13`.`now`,
        `t13`.`then`,
        `t13`.`_num`,
        `t13`.`_den`,
        `t5`.`dim_account_id`,
        `t5`.`segment`
      FROM (
        SELECT
          `t9`.`account_id`,
          `t9`.`period_start`,
          `t9`.`now`,
          `t9`.`then`,
          `t9`.`now` - `t9`.`then` AS `_num`,
          `t9`.`then` AS `_den`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t1`.`account_id`,
              CAST(TIMESTAMP_TRUNC(`t1`.`issued_at`, MONTH) AS DATE) AS `period_start`,
              `t1`.`amount` AS `now`,
              0.0 AS `then`
            FROM `invoices` AS `t1`
          ) AS `t7`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t1`.`account_id`,
              DATE_ADD(CAST(TIMESTAMP_TRUNC(`t1`.`issued_at`, MONTH) AS DATE), INTERVAL 1 MONTH) AS `period_start`,
              0.0 AS `now`,
              `t1`.`amount` AS `then`
            FROM `invoices` AS `t1`
          ) AS `t8`
        ) AS `t9`
        WHERE
          `t9`.`period_start` >= DATE(2026, 5, 1)
          AND `t9`.`period_start` < DATE(2026, 11, 1)
      ) AS `t13`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t5`
        ON `t13`.`account_id` = `t5`.`dim_account_id`
    ) AS `t14`
  ) AS `t15`
  GROUP BY
    1,
    2
)
SELECT
  `t12`.`period_start`,
  `t23`.`segment`,
  `t21`.`value`
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
) AS `t12`
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
        `t17`.`segment`
      FROM `t16` AS `t17`
    ) AS `t18`
  ) AS `t20`
) AS `t23`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t16` AS `t17`
) AS `t21`
  ON `t12`.`period_start` = `t21`.`period_start`
  AND `t23`.`segment` IS NOT DISTINCT FROM `t21`.`segment`

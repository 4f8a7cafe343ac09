WITH `t15` AS (
  SELECT
    `t14`.`period_start`,
    `t14`.`segment`,
    SUM(`t14`.`n`) AS `n`
  FROM (
    SELECT
      `t13`.`day`,
      `t13`.`segment`,
      `t13`.`n`,
      DATE_TRUNC(`t13`.`day`, MONTH) AS `period_start`
    FROM (
      SELECT
        `t11`.`day`,
        `t11`.`segment`,
        COUNT(DISTINCT `t11`.`user_id`) AS `n`
      FROM (
        SELECT
          `t9`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t8`.`user_id`,
            `t8`.`account_id`,
            `t8`.`occurred_at`,
            `t8`.`event_name`,
            `t8`.`feature`,
            `t8`.`day`,
            `t5`.`dim_account_id`,
            `t5`.`segment`
          FROM (
            SELECT
              `t1`.`user_id`,
              `t1`.`account_id`,
              `t1`.`occurred_at`,
              `t1`.`event_name`,
              `t1`.`feature`,
              DATE(`t1`.`occurred_at`) AS `day`
            FROM `events` AS `t1`
            WHERE
              `t1`.`occurred_at` >= DATETIME('2026-05-01T00:00:00')
              AND `t1`.`occurred_at` < DATETIME('2026-11-01T00:00:00')
          ) AS `t8`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t5`
            ON `t8`.`account_id` = `t5`.`dim_account_id`
        ) AS `t9`
      ) AS `t11`
      GROUP BY
        1,
        2
    ) AS `t13`
  ) AS `t14`
  GROUP BY
    1,
    2
)
SELECT
  `t12`.`period_start`,
  `t21`.`segment`,
  COALESCE(`t22`.`value`, 0.0) AS `value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t7`.`i` * 1) MONTH) AS `period_start`
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
  ) AS `t7`
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
        `t16`.`segment`
      FROM `t15` AS `t16`
    ) AS `t17`
  ) AS `t18`
) AS `t21`
LEFT OUTER JOIN (
  SELECT
    `t16`.`period_start`,
    `t16`.`segment`,
    ieee_divide(
      CAST(`t16`.`n` AS FLOAT64),
      DATE_DIFF(
        LEAST(DATE_ADD(`t16`.`period_start`, INTERVAL 1 MONTH), DATE(2026, 11, 25)),
        `t16`.`period_start`,
        DAY
      )
    ) AS `value`
  FROM `t15` AS `t16`
) AS `t22`
  ON `t12`.`period_start` = `t22`.`period_start`
  AND `t21`.`segment` IS NOT DISTINCT FROM `t22`.`segment`

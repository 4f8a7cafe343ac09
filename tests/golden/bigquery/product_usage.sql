WITH `t13` AS (
  SELECT
    `t12`.`period_start`,
    `t12`.`segment`,
    CAST(COUNT(DISTINCT `t12`.`user_id`) AS FLOAT64) AS `value`
  FROM (
    SELECT
      `t10`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t8`.`user_id`,
        `t8`.`account_id`,
        `t8`.`occurred_at`,
        `t8`.`event_name`,
        `t8`.`feature`,
        `t8`.`period_start`,
        `t5`.`dim_account_id`,
        `t5`.`segment`
      FROM (
        SELECT
          `t1`.`user_id`,
          `t1`.`account_id`,
          `t1`.`occurred_at`,
          `t1`.`event_name`,
          `t1`.`feature`,
          CAST(TIMESTAMP_TRUNC(`t1`.`occurred_at`, MONTH) AS DATE) AS `period_start`
        FROM `events` AS `t1`
        WHERE
          `t1`.`feature` IS NOT NULL
          AND `t1`.`occurred_at` >= DATETIME('2026-05-01T00:00:00')
          AND `t1`.`occurred_at` < DATETIME('2026-11-01T00:00:00')
      ) AS `t8`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t5`
        ON `t8`.`account_id` = `t5`.`dim_account_id`
    ) AS `t10`
  ) AS `t12`
  GROUP BY
    1,
    2
)
SELECT
  `t11`.`period_start`,
  `t20`.`segment`,
  COALESCE(`t18`.`value`, 0.0) AS `value`
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
) AS `t11`
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
        `t14`.`segment`
      FROM `t13` AS `t14`
    ) AS `t15`
  ) AS `t17`
) AS `t20`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t13` AS `t14`
) AS `t18`
  ON `t11`.`period_start` = `t18`.`period_start`
  AND `t20`.`segment` IS NOT DISTINCT FROM `t18`.`segment`

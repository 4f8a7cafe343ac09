WITH `t24` AS (
  SELECT
    `t23`.`period_start`,
    `t23`.`segment`,
    AVG(`t23`.`_v`) AS `value`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t21`.`account_id`,
        `t21`.`created_at`,
        `t21`.`at`,
        `t21`.`_v`,
        `t21`.`period_start`,
        `t21`.`segment`,
        ROW_NUMBER() OVER (PARTITION BY `t21`.`period_start`, `t21`.`segment` ORDER BY `t21`.`_v` ASC) - 1 AS `_i`,
        COUNT(`t21`.`_v`) OVER (
          PARTITION BY `t21`.`period_start`, `t21`.`segment`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `_n`
      FROM (
        SELECT
          `t20`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t19`.`account_id`,
            `t19`.`created_at`,
            `t19`.`at`,
            `t19`.`_v`,
            `t19`.`period_start`,
            `t5`.`dim_account_id`,
            `t5`.`segment`
          FROM (
            SELECT
              `t17`.`account_id`,
              `t17`.`created_at`,
              `t17`.`at`,
              `t17`.`_v`,
              CAST(TIMESTAMP_TRUNC(`t17`.`created_at`, MONTH) AS DATE) AS `period_start`
            FROM (
              SELECT
                `t16`.`account_id`,
                `t16`.`created_at`,
                `t16`.`at`,
                ieee_divide(
                  CAST(DATETIME_DIFF(`t16`.`at`, `t16`.`created_at`, MICROSECOND) AS FLOAT64),
                  3600000000
                ) AS `_v`
              FROM (
                SELECT
                  `t10`.`account_id`,
                  `t10`.`created_at`,
                  `t15`.`at`
                FROM (
                  SELECT
                    `t0`.`account_id`,
                    `t0`.`name`,
                    `t0`.`segment`,
                    `t0`.`plan`,
                    `t0`.`region`,
                    `t0`.`owner`,
                    `t0`.`created_at`,
                    IF(IS_NAN(`t0`.`acquisition_cost`), CAST(NULL AS FLOAT64), `t0`.`acquisition_cost`) AS `acquisition_cost`
                  FROM `accounts` AS `t0`
                ) AS `t10`
                LEFT OUTER JOIN (
                  SELECT
                    `t12`.`account_id` AS `value_id`,
                    MIN(`t12`.`occurred_at`) AS `at`
                  FROM (
                    SELECT
                      `t10`.`account_id`,
                      `t10`.`name`,
                      `t10`.`segment`,
                      `t10`.`plan`,
                      `t10`.`region`,
                      `t10`.`owner`,
                      `t10`.`created_at`,
                      `t10`.`acquisition_cost`,
                      `t9`.`user_id`,
                      `t9`.`account_id` AS `account_id_right`,
                      `t9`.`occurred_at`,
                      `t9`.`event_name`,
                      `t9`.`feature`
                    FROM (
                      SELECT
                        `t0`.`account_id`,
                        `t0`.`name`,
                        `t0`.`segment`,
                        `t0`.`plan`,
                        `t0`.`region`,
                        `t0`.`owner`,
                        `t0`.`created_at`,
                        IF(IS_NAN(`t0`.`acquisition_cost`), CAST(NULL AS FLOAT64), `t0`.`acquisition_cost`) AS `acquisition_cost`
                      FROM `accounts` AS `t0`
                    ) AS `t10`
                    INNER JOIN (
                      SELECT
                        *
                      FROM `events` AS `t1`
                      WHERE
                        `t1`.`event_name` = 'integration_connected'
                    ) AS `t9`
                      ON `t9`.`account_id` = `t10`.`account_id`
                      AND `t9`.`occurred_at` >= `t10`.`created_at`
                  ) AS `t12`
                  GROUP BY
                    1
                ) AS `t15`
                  ON `t10`.`account_id` = `t15`.`value_id`
              ) AS `t16`
            ) AS `t17`
            WHERE
              `t17`.`created_at` >= DATETIME('2026-05-01T00:00:00')
              AND `t17`.`created_at` < DATETIME('2026-11-01T00:00:00')
              AND `t17`.`_v` IS NOT NULL
          ) AS `t19`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t5`
            ON `t19`.`account_id` = `t5`.`dim_account_id`
        ) AS `t20`
      ) AS `t21`
    ) AS `t22`
    WHERE
      (
        `t22`.`_i` = CAST(FLOOR(ieee_divide(`t22`.`_n` - 1, 2)) AS INT64)
      )
      OR (
        `t22`.`_i` = CAST(FLOOR(ieee_divide(`t22`.`_n`, 2)) AS INT64)
      )
  ) AS `t23`
  GROUP BY
    1,
    2
)
SELECT
  `t13`.`period_start`,
  `t31`.`segment`,
  `t29`.`value`
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
) AS `t13`
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
        `t25`.`segment`
      FROM `t24` AS `t25`
    ) AS `t26`
  ) AS `t28`
) AS `t31`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t24` AS `t25`
) AS `t29`
  ON `t13`.`period_start` = `t29`.`period_start`
  AND `t31`.`segment` IS NOT DISTINCT FROM `t29`.`segment`

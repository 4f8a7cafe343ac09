WITH `t29` AS (
  SELECT
    `t28`.`period_start`,
    `t28`.`segment`,
    ieee_divide(
      CAST(COALESCE(`t26`.`num`, 0) AS FLOAT64),
      IF(`t28`.`den` = 0, CAST(NULL AS FLOAT64), `t28`.`den`)
    ) AS `value`
  FROM (
    SELECT
      `t25`.`period_start`,
      `t25`.`segment`,
      SUM(`t25`.`mau`) AS `den`
    FROM (
      SELECT
        `t17`.`day`,
        `t17`.`period_start`,
        `t17`.`month`,
        `t22`.`segment`,
        `t22`.`mau`
      FROM (
        SELECT
          `t11`.`day`,
          DATE_TRUNC(`t11`.`day`, MONTH) AS `period_start`,
          DATE_TRUNC(`t11`.`day`, MONTH) AS `month`
        FROM (
          SELECT
            DATE_ADD(DATE(2026, 5, 1), INTERVAL `t9`.`i` DAY) AS `day`
          FROM (
            SELECT
              `t5`.*
              REPLACE (`ibis_table_unnest_column_0` AS `i`)
            FROM (
              SELECT
                IF(
                  NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN(184 - 0),
                  ARRAY(
                    SELECT
                      ibis_bq_arr_range_1
                    FROM UNNEST(GENERATE_ARRAY(0, 184, 1)) AS ibis_bq_arr_range_1
                    WHERE
                      ibis_bq_arr_range_1 <> 184
                  ),
                  []
                ) AS `i`
            ) AS `t5`
            CROSS JOIN UNNEST(`t5`.`i`) AS `ibis_table_unnest_column_0`
          ) AS `t9`
        ) AS `t11`
      ) AS `t17`
      INNER JOIN (
        SELECT
          `t19`.`month`,
          `t19`.`segment`,
          COUNT(DISTINCT `t19`.`user_id`) AS `mau`
        FROM (
          SELECT DISTINCT
            `t14`.`user_id`,
            `t14`.`segment`,
            DATE(`t14`.`occurred_at`) AS `day`,
            CAST(TIMESTAMP_TRUNC(`t14`.`occurred_at`, MONTH) AS DATE) AS `month`
          FROM (
            SELECT
              `t12`.*
              EXCEPT (`dim_account_id`)
            FROM (
              SELECT
                `t10`.`user_id`,
                `t10`.`account_id`,
                `t10`.`occurred_at`,
                `t10`.`event_name`,
                `t10`.`feature`,
                `t6`.`dim_account_id`,
                `t6`.`segment`
              FROM (
                SELECT
                  *
                FROM `events` AS `t1`
                WHERE
                  `t1`.`occurred_at` >= DATETIME('2026-05-01T00:00:00')
                  AND `t1`.`occurred_at` < DATETIME('2026-11-01T00:00:00')
              ) AS `t10`
              LEFT OUTER JOIN (
                SELECT
                  `t0`.`account_id` AS `dim_account_id`,
                  `t0`.`segment`
                FROM `accounts` AS `t0`
              ) AS `t6`
                ON `t10`.`account_id` = `t6`.`dim_account_id`
            ) AS `t12`
          ) AS `t14`
        ) AS `t19`
        GROUP BY
          1,
          2
      ) AS `t22`
        ON `t17`.`month` = `t22`.`month`
    ) AS `t25`
    GROUP BY
      1,
      2
  ) AS `t28`
  LEFT OUTER JOIN (
    SELECT
      `t23`.`period_start`,
      `t23`.`segment`,
      SUM(`t23`.`dau`) AS `num`
    FROM (
      SELECT
        `t20`.`day`,
        `t20`.`segment`,
        `t20`.`dau`,
        DATE_TRUNC(`t20`.`day`, MONTH) AS `period_start`
      FROM (
        SELECT
          `t18`.`day`,
          `t18`.`segment`,
          COUNT(*) AS `dau`
        FROM (
          SELECT DISTINCT
            `t14`.`user_id`,
            `t14`.`segment`,
            DATE(`t14`.`occurred_at`) AS `day`,
            CAST(TIMESTAMP_TRUNC(`t14`.`occurred_at`, MONTH) AS DATE) AS `month`
          FROM (
            SELECT
              `t12`.*
              EXCEPT (`dim_account_id`)
            FROM (
              SELECT
                `t10`.`user_id`,
                `t10`.`account_id`,
                `t10`.`occurred_at`,
                `t10`.`event_name`,
                `t10`.`feature`,
                `t6`.`dim_account_id`,
                `t6`.`segment`
              FROM (
                SELECT
                  *
                FROM `events` AS `t1`
                WHERE
                  `t1`.`occurred_at` >= DATETIME('2026-05-01T00:00:00')
                  AND `t1`.`occurred_at` < DATETIME('2026-11-01T00:00:00')
              ) AS `t10`
              LEFT OUTER JOIN (
                SELECT
                  `t0`.`account_id` AS `dim_account_id`,
                  `t0`.`segment`
                FROM `accounts` AS `t0`
              ) AS `t6`
                ON `t10`.`account_id` = `t6`.`dim_account_id`
            ) AS `t12`
          ) AS `t14`
          WHERE
            DATE(`t14`.`occurred_at`) >= DATE(2026, 5, 1)
            AND DATE(`t14`.`occurred_at`) < DATE(2026, 11, 1)
        ) AS `t18`
        GROUP BY
          1,
          2
      ) AS `t20`
    ) AS `t23`
    GROUP BY
      1,
      2
  ) AS `t26`
    ON `t28`.`period_start` = `t26`.`period_start`
    AND `t28`.`segment` IS NOT DISTINCT FROM `t26`.`segment`
)
SELECT
  `t15`.`period_start`,
  `t36`.`segment`,
  `t34`.`value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t8`.`i` * 1) MONTH) AS `period_start`
  FROM (
    SELECT
      `t2`.*
      REPLACE (`ibis_table_unnest_column_2` AS `i`)
    FROM (
      SELECT
        IF(
          NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN(6 - 0),
          ARRAY(
            SELECT
              ibis_bq_arr_range_3
            FROM UNNEST(GENERATE_ARRAY(0, 6, 1)) AS ibis_bq_arr_range_3
            WHERE
              ibis_bq_arr_range_3 <> 6
          ),
          []
        ) AS `i`
    ) AS `t2`
    CROSS JOIN UNNEST(`t2`.`i`) AS `ibis_table_unnest_column_2`
  ) AS `t8`
) AS `t15`
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
        `t30`.`segment`
      FROM `t29` AS `t30`
    ) AS `t31`
  ) AS `t33`
) AS `t36`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t29` AS `t30`
) AS `t34`
  ON `t15`.`period_start` = `t34`.`period_start`
  AND `t36`.`segment` IS NOT DISTINCT FROM `t34`.`segment`

WITH `t29` AS (
  SELECT
    `t28`.`period_start`,
    `t28`.`segment`,
    CAST(COALESCE(`t26`.`num`, 0) AS DOUBLE) / IF(`t28`.`den` = 0, CAST(NULL AS DOUBLE), `t28`.`den`) AS `value`
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
          DATE_TRUNC('month', `t11`.`day`) AS `period_start`,
          DATE_TRUNC('month', `t11`.`day`) AS `month`
        FROM (
          SELECT
            MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t9`.`i`, ' days') AS INTERVAL) AS `day`
          FROM (
            SELECT
              `ibis_table_unnest_column_0` AS `i`
            FROM (
              SELECT
                IF(
                  (
                    1 <> 0
                  ) AND (
                    SIGN(1) = SIGN(184 - 0)
                  ),
                  IF(
                    ELEMENT_AT(SEQUENCE(0, 184, 1), SIZE(SEQUENCE(0, 184, 1))) = 184,
                    SLICE(SEQUENCE(0, 184, 1), 1, SIZE(SEQUENCE(0, 184, 1)) - 1),
                    SEQUENCE(0, 184, 1)
                  ),
                  ARRAY()
                ) AS `i`
            ) AS `t5`
            LATERAL VIEW
            EXPLODE(`t5`.`i`) AS `ibis_table_unnest_column_0`
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
            CAST(`t14`.`occurred_at` AS DATE) AS `day`,
            CAST(DATE_TRUNC('month', `t14`.`occurred_at`) AS DATE) AS `month`
          FROM (
            SELECT
              `t12`.`user_id`,
              `t12`.`account_id`,
              `t12`.`occurred_at`,
              `t12`.`event_name`,
              `t12`.`feature`,
              `t12`.`segment`
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
                  `t1`.`occurred_at` >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
                  AND `t1`.`occurred_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
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
        DATE_TRUNC('month', `t20`.`day`) AS `period_start`
      FROM (
        SELECT
          `t18`.`day`,
          `t18`.`segment`,
          COUNT(*) AS `dau`
        FROM (
          SELECT DISTINCT
            `t14`.`user_id`,
            `t14`.`segment`,
            CAST(`t14`.`occurred_at` AS DATE) AS `day`,
            CAST(DATE_TRUNC('month', `t14`.`occurred_at`) AS DATE) AS `month`
          FROM (
            SELECT
              `t12`.`user_id`,
              `t12`.`account_id`,
              `t12`.`occurred_at`,
              `t12`.`event_name`,
              `t12`.`feature`,
              `t12`.`segment`
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
                  `t1`.`occurred_at` >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
                  AND `t1`.`occurred_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
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
            CAST(`t14`.`occurred_at` AS DATE) >= MAKE_DATE(2026, 5, 1)
            AND CAST(`t14`.`occurred_at` AS DATE) < MAKE_DATE(2026, 11, 1)
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
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t8`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
  FROM (
    SELECT
      `ibis_table_unnest_column_1` AS `i`
    FROM (
      SELECT
        IF(
          (
            1 <> 0
          ) AND (
            SIGN(1) = SIGN(6 - 0)
          ),
          IF(
            ELEMENT_AT(SEQUENCE(0, 6, 1), SIZE(SEQUENCE(0, 6, 1))) = 6,
            SLICE(SEQUENCE(0, 6, 1), 1, SIZE(SEQUENCE(0, 6, 1)) - 1),
            SEQUENCE(0, 6, 1)
          ),
          ARRAY()
        ) AS `i`
    ) AS `t2`
    LATERAL VIEW
    EXPLODE(`t2`.`i`) AS `ibis_table_unnest_column_1`
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

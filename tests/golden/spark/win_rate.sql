WITH `t13` AS (
  SELECT
    `t12`.`period_start`,
    `t12`.`segment`,
    CAST(SUM(`t12`.`_num`) AS DOUBLE) / IF(
      CAST(SUM(`t12`.`_den`) AS DOUBLE) = 0,
      CAST(NULL AS DOUBLE),
      CAST(SUM(`t12`.`_den`) AS DOUBLE)
    ) AS `value`
  FROM (
    SELECT
      `t10`.`opportunity_id`,
      `t10`.`account_id`,
      `t10`.`kind`,
      `t10`.`created_at`,
      `t10`.`closed_at`,
      `t10`.`is_won`,
      `t10`.`amount`,
      `t10`.`_num`,
      `t10`.`_den`,
      `t10`.`period_start`,
      `t10`.`segment`
    FROM (
      SELECT
        `t8`.`opportunity_id`,
        `t8`.`account_id`,
        `t8`.`kind`,
        `t8`.`created_at`,
        `t8`.`closed_at`,
        `t8`.`is_won`,
        `t8`.`amount`,
        `t8`.`_num`,
        `t8`.`_den`,
        `t8`.`period_start`,
        `t5`.`dim_account_id`,
        `t5`.`segment`
      FROM (
        SELECT
          `t1`.`opportunity_id`,
          `t1`.`account_id`,
          `t1`.`kind`,
          `t1`.`created_at`,
          `t1`.`closed_at`,
          `t1`.`is_won`,
          `t1`.`amount`,
          IF(`t1`.`is_won`, 1, 0) AS `_num`,
          1 AS `_den`,
          CAST(DATE_TRUNC('month', `t1`.`closed_at`) AS DATE) AS `period_start`
        FROM `opportunities` AS `t1`
        WHERE
          `t1`.`closed_at` IS NOT NULL
          AND `t1`.`is_won` IS NOT NULL
          AND `t1`.`closed_at` >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
          AND `t1`.`closed_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
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
  `t18`.`value`
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t6`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
  FROM (
    SELECT
      `ibis_table_unnest_column_0` AS `i`
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
    EXPLODE(`t2`.`i`) AS `ibis_table_unnest_column_0`
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

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
      DATE_TRUNC('month', `t13`.`day`) AS `period_start`
    FROM (
      SELECT
        `t11`.`day`,
        `t11`.`segment`,
        COUNT(DISTINCT `t11`.`account_id`) AS `n`
      FROM (
        SELECT
          `t9`.`user_id`,
          `t9`.`account_id`,
          `t9`.`occurred_at`,
          `t9`.`event_name`,
          `t9`.`feature`,
          `t9`.`day`,
          `t9`.`segment`
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
              CAST(`t1`.`occurred_at` AS DATE) AS `day`
            FROM `events` AS `t1`
            WHERE
              `t1`.`occurred_at` >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND `t1`.`occurred_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
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
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t7`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
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
    CAST(`t16`.`n` AS DOUBLE) / DATEDIFF(
      DAY,
      `t16`.`period_start`,
      LEAST(
        `t16`.`period_start` + CAST(CONCAT(1, ' months') AS INTERVAL),
        MAKE_DATE(2026, 11, 25)
      )
    ) AS `value`
  FROM `t15` AS `t16`
) AS `t22`
  ON `t12`.`period_start` = `t22`.`period_start`
  AND `t21`.`segment` IS NOT DISTINCT FROM `t22`.`segment`

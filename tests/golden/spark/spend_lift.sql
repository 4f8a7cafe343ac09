WITH `t16` AS (
  SELECT
    `t15`.`period_start`,
    `t15`.`segment`,
    SUM(`t15`.`_num`) / IF(SUM(`t15`.`_den`) = 0, CAST(NULL AS DOUBLE), SUM(`t15`.`_den`)) AS `value`
  FROM (
    SELECT
      `t14`.`account_id`,
      `t14`.`period_start`,
      `t14`.`now`,
      `t14`.`then`,
      `t14`.`_num`,
      `t14`.`_den`,
      `t14`.`segment`
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
              CAST(DATE_TRUNC('month', `t1`.`issued_at`) AS DATE) AS `period_start`,
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
              CAST(DATE_TRUNC('month', `t1`.`issued_at`) AS DATE) + CAST(CONCAT(1, ' months') AS INTERVAL) AS `period_start`,
              0.0 AS `now`,
              `t1`.`amount` AS `then`
            FROM `invoices` AS `t1`
          ) AS `t8`
        ) AS `t9`
        WHERE
          `t9`.`period_start` >= MAKE_DATE(2026, 5, 1)
          AND `t9`.`period_start` < MAKE_DATE(2026, 11, 1)
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

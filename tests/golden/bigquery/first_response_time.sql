WITH `t15` AS (
  SELECT
    `t14`.`period_start`,
    `t14`.`segment`,
    AVG(`t14`.`_v`) AS `value`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t12`.`ticket_id`,
        `t12`.`account_id`,
        `t12`.`created_at`,
        `t12`.`first_response_at`,
        `t12`.`resolved_at`,
        `t12`.`replies`,
        `t12`.`reopens`,
        `t12`.`channel`,
        `t12`.`product`,
        `t12`.`status`,
        `t12`.`_v`,
        `t12`.`period_start`,
        `t12`.`segment`,
        ROW_NUMBER() OVER (PARTITION BY `t12`.`period_start`, `t12`.`segment` ORDER BY `t12`.`_v` ASC) - 1 AS `_i`,
        COUNT(`t12`.`_v`) OVER (
          PARTITION BY `t12`.`period_start`, `t12`.`segment`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `_n`
      FROM (
        SELECT
          `t11`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t8`.`ticket_id`,
            `t8`.`account_id`,
            `t8`.`created_at`,
            `t8`.`first_response_at`,
            `t8`.`resolved_at`,
            `t8`.`replies`,
            `t8`.`reopens`,
            `t8`.`channel`,
            `t8`.`product`,
            `t8`.`status`,
            `t8`.`_v`,
            `t8`.`period_start`,
            `t5`.`dim_account_id`,
            `t5`.`segment`
          FROM (
            SELECT
              `t1`.`ticket_id`,
              `t1`.`account_id`,
              `t1`.`created_at`,
              `t1`.`first_response_at`,
              `t1`.`resolved_at`,
              `t1`.`replies`,
              `t1`.`reopens`,
              `t1`.`channel`,
              `t1`.`product`,
              `t1`.`status`,
              ieee_divide(
                CAST(DATETIME_DIFF(`t1`.`first_response_at`, `t1`.`created_at`, MICROSECOND) AS FLOAT64),
                3600000000
              ) AS `_v`,
              CAST(TIMESTAMP_TRUNC(`t1`.`first_response_at`, MONTH) AS DATE) AS `period_start`
            FROM `tickets` AS `t1`
            WHERE
              `t1`.`first_response_at` >= DATETIME('2026-05-01T00:00:00')
              AND `t1`.`first_response_at` < DATETIME('2026-11-01T00:00:00')
              AND ieee_divide(
                CAST(DATETIME_DIFF(`t1`.`first_response_at`, `t1`.`created_at`, MICROSECOND) AS FLOAT64),
                3600000000
              ) IS NOT NULL
          ) AS `t8`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t5`
            ON `t8`.`account_id` = `t5`.`dim_account_id`
        ) AS `t11`
      ) AS `t12`
    ) AS `t13`
    WHERE
      (
        `t13`.`_i` = CAST(FLOOR(ieee_divide(`t13`.`_n` - 1, 2)) AS INT64)
      )
      OR (
        `t13`.`_i` = CAST(FLOOR(ieee_divide(`t13`.`_n`, 2)) AS INT64)
      )
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

WITH `t24` AS (
  SELECT
    `t23`.`period_start`,
    `t23`.`segment`,
    ieee_divide(
      CAST(SUM(`t23`.`_num`) AS FLOAT64),
      IF(
        CAST(SUM(`t23`.`_den`) AS FLOAT64) = 0,
        CAST(NULL AS FLOAT64),
        CAST(SUM(`t23`.`_den`) AS FLOAT64)
      )
    ) AS `value`
  FROM (
    SELECT
      `t22`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t21`.`account_id`,
        `t21`.`created_at`,
        `t21`.`completed`,
        `t21`.`_num`,
        `t21`.`_den`,
        `t21`.`period_start`,
        `t6`.`dim_account_id`,
        `t6`.`segment`
      FROM (
        SELECT
          `t19`.`account_id`,
          `t19`.`created_at`,
          `t19`.`completed`,
          `t19`.`completed` AS `_num`,
          1 AS `_den`,
          CAST(TIMESTAMP_TRUNC(`t19`.`created_at`, MONTH) AS DATE) AS `period_start`
        FROM (
          SELECT
            `t12`.`account_id`,
            `t12`.`created_at`,
            IF(`t18`.`done_id` IS NOT NULL, 1, 0) AS `completed`
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
          ) AS `t12`
          LEFT OUTER JOIN (
            SELECT
              *
            FROM (
              SELECT
                `t13`.`start_id` AS `done_id`,
                COUNT(DISTINCT `t13`.`event_name`) AS `steps`
              FROM (
                SELECT
                  `t7`.`start_id`,
                  `t7`.`start`,
                  `t11`.`user_id`,
                  `t11`.`account_id`,
                  `t11`.`occurred_at`,
                  `t11`.`event_name`,
                  `t11`.`feature`
                FROM (
                  SELECT
                    `t0`.`account_id` AS `start_id`,
                    `t0`.`created_at` AS `start`
                  FROM `accounts` AS `t0`
                ) AS `t7`
                INNER JOIN (
                  SELECT
                    *
                  FROM `events` AS `t1`
                  WHERE
                    `t1`.`event_name` IN ('onboarding_step_1', 'onboarding_step_2', 'onboarding_step_3')
                ) AS `t11`
                  ON `t11`.`account_id` = `t7`.`start_id`
                  AND `t11`.`occurred_at` >= `t7`.`start`
                  AND `t11`.`occurred_at` < TIMESTAMP_ADD(`t7`.`start`, INTERVAL '30' DAY)
              ) AS `t13`
              GROUP BY
                1
            ) AS `t16`
            WHERE
              `t16`.`steps` = 3
          ) AS `t18`
            ON `t12`.`account_id` = `t18`.`done_id`
        ) AS `t19`
        WHERE
          `t19`.`created_at` >= DATETIME('2026-05-01T00:00:00')
          AND `t19`.`created_at` < DATETIME('2026-11-01T00:00:00')
      ) AS `t21`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t6`
        ON `t21`.`account_id` = `t6`.`dim_account_id`
    ) AS `t22`
  ) AS `t23`
  GROUP BY
    1,
    2
)
SELECT
  `t15`.`period_start`,
  `t31`.`segment`,
  `t29`.`value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t9`.`i` * 1) MONTH) AS `period_start`
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
  ) AS `t9`
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
  ON `t15`.`period_start` = `t29`.`period_start`
  AND `t31`.`segment` IS NOT DISTINCT FROM `t29`.`segment`

WITH `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t22` AS (
  SELECT
    `t19`.`state_start`,
    DATE_SUB(DATE_ADD(`t19`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) AS `last_day`
  FROM (
    SELECT
      DATE_ADD(DATE(2023, 5, 1), INTERVAL (`t13`.`i` * 1) MONTH) AS `state_start`
    FROM (
      SELECT
        `t7`.*
        REPLACE (`ibis_table_unnest_column_0` AS `i`)
      FROM (
        SELECT
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN(42 - 0),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(0, 42, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> 42
            ),
            []
          ) AS `i`
      ) AS `t7`
      CROSS JOIN UNNEST(`t7`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t13`
  ) AS `t19`
), `t42` AS (
  SELECT
    `t27`.`period_start`,
    `t27`.`segment`,
    ieee_divide(`t27`.`value`, IF(`t41`.`churn` = 0, CAST(NULL AS FLOAT64), `t41`.`churn`)) * 1.0 AS `value`
  FROM (
    SELECT
      `t21`.`period_start`,
      `t21`.`segment`,
      ieee_divide(ieee_divide(SUM(`t21`.`amount`), COUNT(DISTINCT `t21`.`account_id`)), 1.0) AS `value`
    FROM (
      SELECT
        `t18`.*
        EXCEPT (`dim_account_id`)
      FROM (
        SELECT
          `t14`.`invoice_id`,
          `t14`.`account_id`,
          `t14`.`issued_at`,
          `t14`.`amount`,
          `t14`.`kind`,
          `t14`.`period_start`,
          `t8`.`dim_account_id`,
          `t8`.`segment`
        FROM (
          SELECT
            `t1`.`invoice_id`,
            `t1`.`account_id`,
            `t1`.`issued_at`,
            `t1`.`amount`,
            `t1`.`kind`,
            CAST(TIMESTAMP_TRUNC(`t1`.`issued_at`, MONTH) AS DATE) AS `period_start`
          FROM `invoices` AS `t1`
          WHERE
            `t1`.`issued_at` >= DATETIME('2026-05-01T00:00:00')
            AND `t1`.`issued_at` < DATETIME('2026-11-01T00:00:00')
        ) AS `t14`
        LEFT OUTER JOIN (
          SELECT
            `t0`.`account_id` AS `dim_account_id`,
            `t0`.`segment`
          FROM `accounts` AS `t0`
        ) AS `t8`
          ON `t14`.`account_id` = `t8`.`dim_account_id`
      ) AS `t18`
    ) AS `t21`
    GROUP BY
      1,
      2
  ) AS `t27`
  LEFT OUTER JOIN (
    SELECT
      `t39`.`period_start`,
      `t39`.`segment`,
      `t39`.`value` AS `churn`
    FROM (
      SELECT
        `t38`.`period_start`,
        `t38`.`segment`,
        ieee_divide(
          CAST(SUM(`t38`.`_num`) AS FLOAT64),
          IF(
            CAST(SUM(`t38`.`_den`) AS FLOAT64) = 0,
            CAST(NULL AS FLOAT64),
            CAST(SUM(`t38`.`_den`) AS FLOAT64)
          )
        ) AS `value`
      FROM (
        SELECT
          `t37`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t36`.`account_id`,
            `t36`.`period_start`,
            `t36`.`start_mrr`,
            `t36`.`end_mrr`,
            `t36`.`new`,
            `t36`.`expansion`,
            `t36`.`contraction`,
            `t36`.`churn`,
            `t36`.`reactivation`,
            `t36`.`churned`,
            `t36`.`acquired`,
            `t36`.`reactivated`,
            `t36`.`_num`,
            `t36`.`_den`,
            `t8`.`dim_account_id`,
            `t8`.`segment`
          FROM (
            SELECT
              `t34`.`account_id`,
              `t34`.`period_start`,
              `t34`.`start_mrr`,
              `t34`.`end_mrr`,
              `t34`.`new`,
              `t34`.`expansion`,
              `t34`.`contraction`,
              `t34`.`churn`,
              `t34`.`reactivation`,
              `t34`.`churned`,
              `t34`.`acquired`,
              `t34`.`reactivated`,
              IF((
                `t34`.`start_mrr` > 0
              ) AND (
                `t34`.`end_mrr` = 0
              ), 1, 0) AS `_num`,
              IF(`t34`.`start_mrr` > 0, 1, 0) AS `_den`
            FROM (
              SELECT
                `t33`.`account_id`,
                `t33`.`period_start`,
                MAX(IF(`t33`.`is_first`, `t33`.`prev_mrr`, 0.0)) AS `start_mrr`,
                MAX(IF(`t33`.`is_last`, `t33`.`mrr`, 0.0)) AS `end_mrr`,
                SUM(`t33`.`new`) AS `new`,
                SUM(`t33`.`expansion`) AS `expansion`,
                SUM(`t33`.`contraction`) AS `contraction`,
                SUM(`t33`.`churn`) AS `churn`,
                SUM(`t33`.`reactivation`) AS `reactivation`,
                MAX(IF(`t33`.`churn` > 0, 1, 0)) AS `churned`,
                MAX(IF(`t33`.`new` > 0, 1, 0)) AS `acquired`,
                MAX(IF(`t33`.`reactivation` > 0, 1, 0)) AS `reactivated`
              FROM (
                SELECT
                  `t32`.`account_id`,
                  `t32`.`state_start`,
                  `t32`.`mrr`,
                  `t32`.`prev_mrr`,
                  `t32`.`active_before`,
                  IF(
                    (
                      `t32`.`mrr` > 0
                    )
                    AND (
                      `t32`.`prev_mrr` = 0
                    )
                    AND (
                      `t32`.`active_before` = 0
                    ),
                    `t32`.`mrr`,
                    0.0
                  ) AS `new`,
                  IF(
                    (
                      `t32`.`mrr` > 0
                    )
                    AND (
                      `t32`.`prev_mrr` = 0
                    )
                    AND (
                      `t32`.`active_before` > 0
                    ),
                    `t32`.`mrr`,
                    0.0
                  ) AS `reactivation`,
                  IF(
                    (
                      `t32`.`prev_mrr` > 0
                    ) AND (
                      `t32`.`mrr` > `t32`.`prev_mrr`
                    ),
                    `t32`.`mrr` - `t32`.`prev_mrr`,
                    0.0
                  ) AS `expansion`,
                  IF(
                    (
                      `t32`.`prev_mrr` > 0
                    )
                    AND (
                      `t32`.`mrr` > 0
                    )
                    AND (
                      `t32`.`mrr` < `t32`.`prev_mrr`
                    ),
                    `t32`.`prev_mrr` - `t32`.`mrr`,
                    0.0
                  ) AS `contraction`,
                  IF((
                    `t32`.`prev_mrr` > 0
                  ) AND (
                    `t32`.`mrr` = 0
                  ), `t32`.`prev_mrr`, 0.0) AS `churn`,
                  DATE_TRUNC(`t32`.`state_start`, MONTH) AS `period_start`,
                  DATE_TRUNC(DATE_SUB(`t32`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t32`.`state_start`, MONTH) AS `is_first`,
                  DATE_TRUNC(DATE_ADD(`t32`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t32`.`state_start`, MONTH) AS `is_last`
                FROM (
                  SELECT
                    `t31`.`account_id`,
                    `t31`.`state_start`,
                    `t31`.`mrr`,
                    COALESCE(
                      LAG(`t31`.`mrr`) OVER (PARTITION BY `t31`.`account_id` ORDER BY `t31`.`state_start` ASC),
                      0.0
                    ) AS `prev_mrr`,
                    SUM(IF(`t31`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t31`.`account_id`
                      ORDER BY `t31`.`state_start` ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - IF(`t31`.`mrr` > 0, 1, 0) AS `active_before`
                  FROM (
                    SELECT
                      `t16`.`account_id`,
                      `t25`.`state_start`,
                      COALESCE(`t30`.`snap_mrr`, 0.0) AS `mrr`
                    FROM (
                      SELECT
                        `t9`.`account_id`,
                        MIN(`t9`.`start_date`) AS `first_day`
                      FROM `t6` AS `t9`
                      GROUP BY
                        1
                    ) AS `t16`
                    INNER JOIN `t22` AS `t25`
                      ON `t16`.`first_day` <= `t25`.`last_day`
                    LEFT OUTER JOIN (
                      SELECT
                        `t28`.`account_id`,
                        `t28`.`state_start`,
                        SUM(`t28`.`mrr`) AS `snap_mrr`
                      FROM (
                        SELECT
                          `t26`.`state_start`,
                          `t26`.`last_day`,
                          `t12`.`subscription_id`,
                          `t12`.`account_id`,
                          `t12`.`start_date`,
                          `t12`.`end_date`,
                          `t12`.`mrr`,
                          `t12`.`plan`
                        FROM `t22` AS `t26`
                        INNER JOIN `t6` AS `t12`
                          ON `t12`.`start_date` <= `t26`.`last_day`
                          AND (
                            (
                              `t12`.`end_date` IS NULL
                            ) OR (
                              `t12`.`end_date` > `t26`.`last_day`
                            )
                          )
                      ) AS `t28`
                      GROUP BY
                        1,
                        2
                    ) AS `t30`
                      ON `t16`.`account_id` = `t30`.`account_id`
                      AND `t25`.`state_start` = `t30`.`state_start`
                  ) AS `t31`
                ) AS `t32`
              ) AS `t33`
              GROUP BY
                1,
                2
            ) AS `t34`
            WHERE
              `t34`.`period_start` >= DATE(2026, 5, 1)
              AND `t34`.`period_start` < DATE(2026, 11, 1)
          ) AS `t36`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t8`
            ON `t36`.`account_id` = `t8`.`dim_account_id`
        ) AS `t37`
      ) AS `t38`
      GROUP BY
        1,
        2
    ) AS `t39`
  ) AS `t41`
    ON `t27`.`period_start` = `t41`.`period_start`
    AND `t27`.`segment` IS NOT DISTINCT FROM `t41`.`segment`
)
SELECT
  `t20`.`period_start`,
  `t49`.`segment`,
  `t47`.`value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t10`.`i` * 1) MONTH) AS `period_start`
  FROM (
    SELECT
      `t3`.*
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
    ) AS `t3`
    CROSS JOIN UNNEST(`t3`.`i`) AS `ibis_table_unnest_column_2`
  ) AS `t10`
) AS `t20`
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
    ) AS `t4`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t43`.`segment`
      FROM `t42` AS `t43`
    ) AS `t44`
  ) AS `t46`
) AS `t49`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t42` AS `t43`
) AS `t47`
  ON `t20`.`period_start` = `t47`.`period_start`
  AND `t49`.`segment` IS NOT DISTINCT FROM `t47`.`segment`

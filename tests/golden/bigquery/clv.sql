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
), `t43` AS (
  SELECT
    `t29`.`period_start`,
    `t29`.`segment`,
    ieee_divide(`t29`.`value`, IF(`t42`.`churn` = 0, CAST(NULL AS FLOAT64), `t42`.`churn`)) * 1.0 AS `value`
  FROM (
    SELECT
      `t23`.`period_start`,
      `t23`.`segment`,
      ieee_divide(
        `t23`.`value`,
        IF(
          DATE_ADD(`t23`.`period_start`, INTERVAL 1 MONTH) > DATE(2026, 11, 1),
          ieee_divide(CAST(DATE_DIFF(DATE(2026, 11, 1), `t23`.`period_start`, DAY) AS FLOAT64), 30.4375),
          1.0
        )
      ) AS `value`
    FROM (
      SELECT
        `t21`.`period_start`,
        `t21`.`segment`,
        ieee_divide(SUM(`t21`.`amount`), COUNT(DISTINCT `t21`.`account_id`)) AS `value`
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
    ) AS `t23`
  ) AS `t29`
  LEFT OUTER JOIN (
    SELECT
      `t40`.`period_start`,
      `t40`.`segment`,
      IF(
        IF(
          DATE_ADD(`t40`.`period_start`, INTERVAL 1 MONTH) > DATE(2026, 11, 1),
          ieee_divide(CAST(DATE_DIFF(DATE(2026, 11, 1), `t40`.`period_start`, DAY) AS FLOAT64), 30.4375),
          1.0
        ) = 1,
        `t40`.`value`,
        1 - (
          POWER(
            (
              1 - `t40`.`value`
            ),
            ieee_divide(
              1,
              IF(
                DATE_ADD(`t40`.`period_start`, INTERVAL 1 MONTH) > DATE(2026, 11, 1),
                ieee_divide(CAST(DATE_DIFF(DATE(2026, 11, 1), `t40`.`period_start`, DAY) AS FLOAT64), 30.4375),
                1.0
              )
            )
          )
        )
      ) AS `churn`
    FROM (
      SELECT
        `t39`.`period_start`,
        `t39`.`segment`,
        ieee_divide(
          CAST(SUM(`t39`.`_num`) AS FLOAT64),
          IF(
            CAST(SUM(`t39`.`_den`) AS FLOAT64) = 0,
            CAST(NULL AS FLOAT64),
            CAST(SUM(`t39`.`_den`) AS FLOAT64)
          )
        ) AS `value`
      FROM (
        SELECT
          `t38`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t37`.`account_id`,
            `t37`.`period_start`,
            `t37`.`start_mrr`,
            `t37`.`end_mrr`,
            `t37`.`new`,
            `t37`.`expansion`,
            `t37`.`contraction`,
            `t37`.`churn`,
            `t37`.`reactivation`,
            `t37`.`churned`,
            `t37`.`acquired`,
            `t37`.`reactivated`,
            `t37`.`_num`,
            `t37`.`_den`,
            `t8`.`dim_account_id`,
            `t8`.`segment`
          FROM (
            SELECT
              `t35`.`account_id`,
              `t35`.`period_start`,
              `t35`.`start_mrr`,
              `t35`.`end_mrr`,
              `t35`.`new`,
              `t35`.`expansion`,
              `t35`.`contraction`,
              `t35`.`churn`,
              `t35`.`reactivation`,
              `t35`.`churned`,
              `t35`.`acquired`,
              `t35`.`reactivated`,
              IF((
                `t35`.`start_mrr` > 0
              ) AND (
                `t35`.`end_mrr` = 0
              ), 1, 0) AS `_num`,
              IF(`t35`.`start_mrr` > 0, 1, 0) AS `_den`
            FROM (
              SELECT
                `t34`.`account_id`,
                `t34`.`period_start`,
                MAX(IF(`t34`.`is_first`, `t34`.`prev_mrr`, 0.0)) AS `start_mrr`,
                MAX(IF(`t34`.`is_last`, `t34`.`mrr`, 0.0)) AS `end_mrr`,
                SUM(`t34`.`new`) AS `new`,
                SUM(`t34`.`expansion`) AS `expansion`,
                SUM(`t34`.`contraction`) AS `contraction`,
                SUM(`t34`.`churn`) AS `churn`,
                SUM(`t34`.`reactivation`) AS `reactivation`,
                MAX(IF(`t34`.`churn` > 0, 1, 0)) AS `churned`,
                MAX(IF(`t34`.`new` > 0, 1, 0)) AS `acquired`,
                MAX(IF(`t34`.`reactivation` > 0, 1, 0)) AS `reactivated`
              FROM (
                SELECT
                  `t33`.`account_id`,
                  `t33`.`state_start`,
                  `t33`.`mrr`,
                  `t33`.`prev_mrr`,
                  `t33`.`active_before`,
                  IF(
                    (
                      `t33`.`mrr` > 0
                    )
                    AND (
                      `t33`.`prev_mrr` = 0
                    )
                    AND (
                      `t33`.`active_before` = 0
                    ),
                    `t33`.`mrr`,
                    0.0
                  ) AS `new`,
                  IF(
                    (
                      `t33`.`mrr` > 0
                    )
                    AND (
                      `t33`.`prev_mrr` = 0
                    )
                    AND (
                      `t33`.`active_before` > 0
                    ),
                    `t33`.`mrr`,
                    0.0
                  ) AS `reactivation`,
                  IF(
                    (
                      `t33`.`prev_mrr` > 0
                    ) AND (
                      `t33`.`mrr` > `t33`.`prev_mrr`
                    ),
                    `t33`.`mrr` - `t33`.`prev_mrr`,
                    0.0
                  ) AS `expansion`,
                  IF(
                    (
                      `t33`.`prev_mrr` > 0
                    )
                    AND (
                      `t33`.`mrr` > 0
                    )
                    AND (
                      `t33`.`mrr` < `t33`.`prev_mrr`
                    ),
                    `t33`.`prev_mrr` - `t33`.`mrr`,
                    0.0
                  ) AS `contraction`,
                  IF((
                    `t33`.`prev_mrr` > 0
                  ) AND (
                    `t33`.`mrr` = 0
                  ), `t33`.`prev_mrr`, 0.0) AS `churn`,
                  DATE_TRUNC(`t33`.`state_start`, MONTH) AS `period_start`,
                  DATE_TRUNC(DATE_SUB(`t33`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t33`.`state_start`, MONTH) AS `is_first`,
                  DATE_TRUNC(DATE_ADD(`t33`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t33`.`state_start`, MONTH) AS `is_last`
                FROM (
                  SELECT
                    `t32`.`account_id`,
                    `t32`.`state_start`,
                    `t32`.`mrr`,
                    COALESCE(
                      LAG(`t32`.`mrr`) OVER (PARTITION BY `t32`.`account_id` ORDER BY `t32`.`state_start` ASC),
                      0.0
                    ) AS `prev_mrr`,
                    SUM(IF(`t32`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t32`.`account_id`
                      ORDER BY `t32`.`state_start` ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - IF(`t32`.`mrr` > 0, 1, 0) AS `active_before`
                  FROM (
                    SELECT
                      `t16`.`account_id`,
                      `t25`.`state_start`,
                      COALESCE(`t31`.`snap_mrr`, 0.0) AS `mrr`
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
                        `t27`.`account_id`,
                        `t27`.`state_start`,
                        SUM(`t27`.`mrr`) AS `snap_mrr`
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
                      ) AS `t27`
                      GROUP BY
                        1,
                        2
                    ) AS `t31`
                      ON `t16`.`account_id` = `t31`.`account_id`
                      AND `t25`.`state_start` = `t31`.`state_start`
                  ) AS `t32`
                ) AS `t33`
              ) AS `t34`
              GROUP BY
                1,
                2
            ) AS `t35`
            WHERE
              `t35`.`period_start` >= DATE(2026, 5, 1)
              AND `t35`.`period_start` < DATE(2026, 11, 1)
          ) AS `t37`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t8`
            ON `t37`.`account_id` = `t8`.`dim_account_id`
        ) AS `t38`
      ) AS `t39`
      GROUP BY
        1,
        2
    ) AS `t40`
  ) AS `t42`
    ON `t29`.`period_start` = `t42`.`period_start`
    AND `t29`.`segment` IS NOT DISTINCT FROM `t42`.`segment`
)
SELECT
  `t20`.`period_start`,
  `t50`.`segment`,
  `t48`.`value`
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
        `t44`.`segment`
      FROM `t43` AS `t44`
    ) AS `t45`
  ) AS `t47`
) AS `t50`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t43` AS `t44`
) AS `t48`
  ON `t20`.`period_start` = `t48`.`period_start`
  AND `t50`.`segment` IS NOT DISTINCT FROM `t48`.`segment`

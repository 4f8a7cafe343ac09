WITH `t4` AS (
  SELECT
    `t0`.`segment`
  FROM `accounts` AS `t0`
), `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t25` AS (
  SELECT
    `t22`.`state_start`,
    IF(
      (
        `t22`.`state_start` <= DATE(2026, 11, 24)
      )
      AND (
        DATE_SUB(DATE_ADD(`t22`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) > DATE(2026, 11, 24)
      ),
      DATE(2026, 11, 24),
      DATE_SUB(DATE_ADD(`t22`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY)
    ) AS `last_day`
  FROM (
    SELECT
      DATE_ADD(DATE(2026, 4, 1), INTERVAL (`t14`.`i` * 1) MONTH) AS `state_start`
    FROM (
      SELECT
        `t7`.*
        REPLACE (`ibis_table_unnest_column_0` AS `i`)
      FROM (
        SELECT
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN(7 - 0),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(0, 7, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> 7
            ),
            []
          ) AS `i`
      ) AS `t7`
      CROSS JOIN UNNEST(`t7`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t14`
  ) AS `t22`
), `t42` AS (
  SELECT
    `t41`.`period_start`,
    `t41`.`segment`,
    ieee_divide(
      CAST(SUM(`t41`.`_num`) AS FLOAT64),
      IF(
        CAST(SUM(`t41`.`_den`) AS FLOAT64) = 0,
        CAST(NULL AS FLOAT64),
        CAST(SUM(`t41`.`_den`) AS FLOAT64)
      )
    ) AS `value`
  FROM (
    SELECT
      `t40`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t39`.`account_id`,
        `t39`.`period_start`,
        `t39`.`start_mrr`,
        `t39`.`end_mrr`,
        `t39`.`new`,
        `t39`.`expansion`,
        `t39`.`contraction`,
        `t39`.`churn`,
        `t39`.`reactivation`,
        `t39`.`churned`,
        `t39`.`acquired`,
        `t39`.`reactivated`,
        `t39`.`_num`,
        `t39`.`_den`,
        `t9`.`dim_account_id`,
        `t9`.`segment`
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
          IF((
            `t37`.`start_mrr` > 0
          ) AND (
            `t37`.`end_mrr` = 0
          ), 1, 0) AS `_num`,
          IF(`t37`.`start_mrr` > 0, 1, 0) AS `_den`
        FROM (
          SELECT
            `t36`.`account_id`,
            `t36`.`period_start`,
            MAX(IF(`t36`.`is_first`, `t36`.`prev_mrr`, 0.0)) AS `start_mrr`,
            MAX(IF(`t36`.`is_last`, `t36`.`mrr`, 0.0)) AS `end_mrr`,
            SUM(`t36`.`new`) AS `new`,
            SUM(`t36`.`expansion`) AS `expansion`,
            SUM(`t36`.`contraction`) AS `contraction`,
            SUM(`t36`.`churn`) AS `churn`,
            SUM(`t36`.`reactivation`) AS `reactivation`,
            MAX(IF(`t36`.`churn` > 0, 1, 0)) AS `churned`,
            MAX(IF(`t36`.`new` > 0, 1, 0)) AS `acquired`,
            MAX(IF(`t36`.`reactivation` > 0, 1, 0)) AS `reactivated`
          FROM (
            SELECT
              `t35`.`account_id`,
              `t35`.`state_start`,
              `t35`.`mrr`,
              `t35`.`prev_mrr`,
              `t35`.`active_before`,
              IF(
                (
                  `t35`.`mrr` > 0
                )
                AND (
                  `t35`.`prev_mrr` = 0
                )
                AND (
                  `t35`.`active_before` = 0
                ),
                `t35`.`mrr`,
                0.0
              ) AS `new`,
              IF(
                (
                  `t35`.`mrr` > 0
                )
                AND (
                  `t35`.`prev_mrr` = 0
                )
                AND (
                  `t35`.`active_before` > 0
                ),
                `t35`.`mrr`,
                0.0
              ) AS `reactivation`,
              IF(
                (
                  `t35`.`prev_mrr` > 0
                ) AND (
                  `t35`.`mrr` > `t35`.`prev_mrr`
                ),
                `t35`.`mrr` - `t35`.`prev_mrr`,
                0.0
              ) AS `expansion`,
              IF(
                (
                  `t35`.`prev_mrr` > 0
                )
                AND (
                  `t35`.`mrr` > 0
                )
                AND (
                  `t35`.`mrr` < `t35`.`prev_mrr`
                ),
                `t35`.`prev_mrr` - `t35`.`mrr`,
                0.0
              ) AS `contraction`,
              IF((
                `t35`.`prev_mrr` > 0
              ) AND (
                `t35`.`mrr` = 0
              ), `t35`.`prev_mrr`, 0.0) AS `churn`,
              DATE_TRUNC(`t35`.`state_start`, MONTH) AS `period_start`,
              DATE_TRUNC(DATE_SUB(`t35`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t35`.`state_start`, MONTH) AS `is_first`,
              DATE_TRUNC(DATE_ADD(`t35`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t35`.`state_start`, MONTH) AS `is_last`
            FROM (
              SELECT
                `t34`.*
                EXCEPT (`paid_earlier`)
              FROM (
                SELECT
                  `t33`.`account_id`,
                  `t33`.`state_start`,
                  `t33`.`mrr`,
                  `t33`.`paid_earlier`,
                  COALESCE(
                    LAG(`t33`.`mrr`) OVER (PARTITION BY `t33`.`account_id` ORDER BY `t33`.`state_start` ASC),
                    0.0
                  ) AS `prev_mrr`,
                  (
                    SUM(IF(`t33`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t33`.`account_id`
                      ORDER BY `t33`.`state_start` ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - IF(`t33`.`mrr` > 0, 1, 0)
                  ) + COALESCE(`t33`.`paid_earlier`, 0) AS `active_before`
                FROM (
                  SELECT
                    `t32`.*
                    EXCEPT (`paid_account`)
                  FROM (
                    SELECT
                      `t18`.`account_id`,
                      `t27`.`state_start`,
                      COALESCE(`t31`.`snap_mrr`, 0.0) AS `mrr`,
                      `t24`.`paid_account`,
                      `t24`.`paid_earlier`
                    FROM (
                      SELECT
                        `t11`.`account_id`,
                        MIN(`t11`.`start_date`) AS `first_day`
                      FROM `t6` AS `t11`
                      GROUP BY
                        1
                    ) AS `t18`
                    INNER JOIN `t25` AS `t27`
                      ON `t18`.`first_day` <= `t27`.`last_day`
                    LEFT OUTER JOIN (
                      SELECT
                        `t29`.`account_id`,
                        `t29`.`state_start`,
                        SUM(`t29`.`mrr`) AS `snap_mrr`
                      FROM (
                        SELECT
                          `t28`.`state_start`,
                          `t28`.`last_day`,
                          `t13`.`subscription_id`,
                          `t13`.`account_id`,
                          `t13`.`start_date`,
                          `t13`.`end_date`,
                          `t13`.`mrr`,
                          `t13`.`plan`
                        FROM `t25` AS `t28`
                        INNER JOIN `t6` AS `t13`
                          ON `t13`.`start_date` <= `t28`.`last_day`
                          AND (
                            (
                              `t13`.`end_date` IS NULL
                            ) OR (
                              `t13`.`end_date` > `t28`.`last_day`
                            )
                          )
                      ) AS `t29`
                      GROUP BY
                        1,
                        2
                    ) AS `t31`
                      ON `t18`.`account_id` = `t31`.`account_id`
                      AND `t27`.`state_start` = `t31`.`state_start`
                    LEFT OUTER JOIN (
                      SELECT
                        `t19`.`paid_account`,
                        1 AS `paid_earlier`
                      FROM (
                        SELECT DISTINCT
                          `t2`.`account_id` AS `paid_account`
                        FROM `subscriptions` AS `t2`
                        WHERE
                          `t2`.`mrr` > 0
                          AND (
                            (
                              `t2`.`end_date` IS NULL
                            )
                            OR (
                              IF(
                                `t2`.`end_date` <= DATE(2026, 11, 24),
                                DATE_TRUNC(`t2`.`end_date`, MONTH),
                                GREATEST(
                                  DATE_TRUNC(`t2`.`end_date`, MONTH),
                                  DATE_ADD(DATE_TRUNC(DATE(2026, 11, 24), MONTH), INTERVAL 1 MONTH)
                                )
                              ) > IF(
                                `t2`.`start_date` <= DATE(2026, 11, 24),
                                DATE_TRUNC(`t2`.`start_date`, MONTH),
                                GREATEST(
                                  DATE_TRUNC(`t2`.`start_date`, MONTH),
                                  DATE_ADD(DATE_TRUNC(DATE(2026, 11, 24), MONTH), INTERVAL 1 MONTH)
                                )
                              )
                            )
                          )
                          AND IF(
                            `t2`.`start_date` <= DATE(2026, 11, 24),
                            DATE_TRUNC(`t2`.`start_date`, MONTH),
                            GREATEST(
                              DATE_TRUNC(`t2`.`start_date`, MONTH),
                              DATE_ADD(DATE_TRUNC(DATE(2026, 11, 24), MONTH), INTERVAL 1 MONTH)
                            )
                          ) < DATE_TRUNC(DATE(2026, 4, 30), MONTH)
                      ) AS `t19`
                    ) AS `t24`
                      ON `t18`.`account_id` = `t24`.`paid_account`
                  ) AS `t32`
                ) AS `t33`
              ) AS `t34`
            ) AS `t35`
          ) AS `t36`
          GROUP BY
            1,
            2
        ) AS `t37`
        WHERE
          `t37`.`period_start` >= DATE(2026, 5, 1)
          AND `t37`.`period_start` < DATE(2026, 11, 1)
      ) AS `t39`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t9`
        ON `t39`.`account_id` = `t9`.`dim_account_id`
    ) AS `t40`
  ) AS `t41`
  GROUP BY
    1,
    2
), `t50` AS (
  SELECT
    `t23`.`period_start`,
    `t49`.`segment`,
    IF(`t17`.`rows` = 1, `t47`.`value` - `t17`.`target`, CAST(NULL AS FLOAT64)) AS `value`
  FROM (
    SELECT
      DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t12`.`i` * 1) MONTH) AS `period_start`
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
    ) AS `t12`
  ) AS `t23`
  CROSS JOIN (
    SELECT DISTINCT
      *
    FROM (
      SELECT
        *
      FROM `t4` AS `t8`
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
    ON `t23`.`period_start` = `t47`.`period_start`
    AND `t49`.`segment` IS NOT DISTINCT FROM `t47`.`segment`
  LEFT OUTER JOIN (
    SELECT
      `t10`.`target_start`,
      COUNT(*) AS `rows`,
      MAX(`t10`.`target`) AS `target`
    FROM (
      SELECT
        `t1`.`metric`,
        `t1`.`period_start`,
        `t1`.`target`,
        DATE_TRUNC(`t1`.`period_start`, MONTH) AS `target_start`
      FROM `targets` AS `t1`
      WHERE
        `t1`.`metric` = 'customer_churn_rate'
    ) AS `t10`
    GROUP BY
      1
  ) AS `t17`
    ON `t23`.`period_start` = `t17`.`target_start`
)
SELECT
  `t23`.`period_start`,
  `t57`.`segment`,
  `t55`.`value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t12`.`i` * 1) MONTH) AS `period_start`
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
  ) AS `t12`
) AS `t23`
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM `t4` AS `t8`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t51`.`segment`
      FROM `t50` AS `t51`
    ) AS `t52`
  ) AS `t54`
) AS `t57`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t50` AS `t51`
) AS `t55`
  ON `t23`.`period_start` = `t55`.`period_start`
  AND `t57`.`segment` IS NOT DISTINCT FROM `t55`.`segment`

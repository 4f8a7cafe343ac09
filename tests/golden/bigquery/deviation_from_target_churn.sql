WITH `t4` AS (
  SELECT
    `t0`.`segment`
  FROM `accounts` AS `t0`
), `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t22` AS (
  SELECT
    `t20`.`state_start`,
    IF(
      (
        `t20`.`state_start` <= DATE(2026, 11, 24)
      )
      AND (
        DATE_SUB(DATE_ADD(`t20`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) > DATE(2026, 11, 24)
      ),
      DATE(2026, 11, 24),
      DATE_SUB(DATE_ADD(`t20`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY)
    ) AS `last_day`
  FROM (
    SELECT
      DATE_ADD(DATE(2023, 5, 1), INTERVAL (`t14`.`i` * 1) MONTH) AS `state_start`
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
    ) AS `t14`
  ) AS `t20`
), `t37` AS (
  SELECT
    `t36`.`period_start`,
    `t36`.`segment`,
    ieee_divide(
      CAST(SUM(`t36`.`_num`) AS FLOAT64),
      IF(
        CAST(SUM(`t36`.`_den`) AS FLOAT64) = 0,
        CAST(NULL AS FLOAT64),
        CAST(SUM(`t36`.`_den`) AS FLOAT64)
      )
    ) AS `value`
  FROM (
    SELECT
      `t35`.*
      EXCEPT (`dim_account_id`)
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
        `t34`.`_num`,
        `t34`.`_den`,
        `t9`.`dim_account_id`,
        `t9`.`segment`
      FROM (
        SELECT
          `t32`.`account_id`,
          `t32`.`period_start`,
          `t32`.`start_mrr`,
          `t32`.`end_mrr`,
          `t32`.`new`,
          `t32`.`expansion`,
          `t32`.`contraction`,
          `t32`.`churn`,
          `t32`.`reactivation`,
          `t32`.`churned`,
          `t32`.`acquired`,
          `t32`.`reactivated`,
          IF((
            `t32`.`start_mrr` > 0
          ) AND (
            `t32`.`end_mrr` = 0
          ), 1, 0) AS `_num`,
          IF(`t32`.`start_mrr` > 0, 1, 0) AS `_den`
        FROM (
          SELECT
            `t31`.`account_id`,
            `t31`.`period_start`,
            MAX(IF(`t31`.`is_first`, `t31`.`prev_mrr`, 0.0)) AS `start_mrr`,
            MAX(IF(`t31`.`is_last`, `t31`.`mrr`, 0.0)) AS `end_mrr`,
            SUM(`t31`.`new`) AS `new`,
            SUM(`t31`.`expansion`) AS `expansion`,
            SUM(`t31`.`contraction`) AS `contraction`,
            SUM(`t31`.`churn`) AS `churn`,
            SUM(`t31`.`reactivation`) AS `reactivation`,
            MAX(IF(`t31`.`churn` > 0, 1, 0)) AS `churned`,
            MAX(IF(`t31`.`new` > 0, 1, 0)) AS `acquired`,
            MAX(IF(`t31`.`reactivation` > 0, 1, 0)) AS `reactivated`
          FROM (
            SELECT
              `t30`.`account_id`,
              `t30`.`state_start`,
              `t30`.`mrr`,
              `t30`.`prev_mrr`,
              `t30`.`active_before`,
              IF(
                (
                  `t30`.`mrr` > 0
                )
                AND (
                  `t30`.`prev_mrr` = 0
                )
                AND (
                  `t30`.`active_before` = 0
                ),
                `t30`.`mrr`,
                0.0
              ) AS `new`,
              IF(
                (
                  `t30`.`mrr` > 0
                )
                AND (
                  `t30`.`prev_mrr` = 0
                )
                AND (
                  `t30`.`active_before` > 0
                ),
                `t30`.`mrr`,
                0.0
              ) AS `reactivation`,
              IF(
                (
                  `t30`.`prev_mrr` > 0
                ) AND (
                  `t30`.`mrr` > `t30`.`prev_mrr`
                ),
                `t30`.`mrr` - `t30`.`prev_mrr`,
                0.0
              ) AS `expansion`,
              IF(
                (
                  `t30`.`prev_mrr` > 0
                )
                AND (
                  `t30`.`mrr` > 0
                )
                AND (
                  `t30`.`mrr` < `t30`.`prev_mrr`
                ),
                `t30`.`prev_mrr` - `t30`.`mrr`,
                0.0
              ) AS `contraction`,
              IF((
                `t30`.`prev_mrr` > 0
              ) AND (
                `t30`.`mrr` = 0
              ), `t30`.`prev_mrr`, 0.0) AS `churn`,
              DATE_TRUNC(`t30`.`state_start`, MONTH) AS `period_start`,
              DATE_TRUNC(DATE_SUB(`t30`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t30`.`state_start`, MONTH) AS `is_first`,
              DATE_TRUNC(DATE_ADD(`t30`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t30`.`state_start`, MONTH) AS `is_last`
            FROM (
              SELECT
                `t29`.`account_id`,
                `t29`.`state_start`,
                `t29`.`mrr`,
                COALESCE(
                  LAG(`t29`.`mrr`) OVER (PARTITION BY `t29`.`account_id` ORDER BY `t29`.`state_start` ASC),
                  0.0
                ) AS `prev_mrr`,
                SUM(IF(`t29`.`mrr` > 0, 1, 0)) OVER (
                  PARTITION BY `t29`.`account_id`
                  ORDER BY `t29`.`state_start` ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) - IF(`t29`.`mrr` > 0, 1, 0) AS `active_before`
              FROM (
                SELECT
                  `t18`.`account_id`,
                  `t24`.`state_start`,
                  COALESCE(`t28`.`snap_mrr`, 0.0) AS `mrr`
                FROM (
                  SELECT
                    `t11`.`account_id`,
                    MIN(`t11`.`start_date`) AS `first_day`
                  FROM `t6` AS `t11`
                  GROUP BY
                    1
                ) AS `t18`
                INNER JOIN `t22` AS `t24`
                  ON `t18`.`first_day` <= `t24`.`last_day`
                LEFT OUTER JOIN (
                  SELECT
                    `t26`.`account_id`,
                    `t26`.`state_start`,
                    SUM(`t26`.`mrr`) AS `snap_mrr`
                  FROM (
                    SELECT
                      `t25`.`state_start`,
                      `t25`.`last_day`,
                      `t13`.`subscription_id`,
                      `t13`.`account_id`,
                      `t13`.`start_date`,
                      `t13`.`end_date`,
                      `t13`.`mrr`,
                      `t13`.`plan`
                    FROM `t22` AS `t25`
                    INNER JOIN `t6` AS `t13`
                      ON `t13`.`start_date` <= `t25`.`last_day`
                      AND (
                        (
                          `t13`.`end_date` IS NULL
                        ) OR (
                          `t13`.`end_date` > `t25`.`last_day`
                        )
                      )
                  ) AS `t26`
                  GROUP BY
                    1,
                    2
                ) AS `t28`
                  ON `t18`.`account_id` = `t28`.`account_id`
                  AND `t24`.`state_start` = `t28`.`state_start`
              ) AS `t29`
            ) AS `t30`
          ) AS `t31`
          GROUP BY
            1,
            2
        ) AS `t32`
        WHERE
          `t32`.`period_start` >= DATE(2026, 5, 1)
          AND `t32`.`period_start` < DATE(2026, 11, 1)
      ) AS `t34`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t9`
        ON `t34`.`account_id` = `t9`.`dim_account_id`
    ) AS `t35`
  ) AS `t36`
  GROUP BY
    1,
    2
), `t45` AS (
  SELECT
    `t21`.`period_start`,
    `t44`.`segment`,
    IF(`t17`.`rows` = 1, `t42`.`value` - `t17`.`target`, CAST(NULL AS FLOAT64)) AS `value`
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
  ) AS `t21`
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
          `t38`.`segment`
        FROM `t37` AS `t38`
      ) AS `t39`
    ) AS `t41`
  ) AS `t44`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM `t37` AS `t38`
  ) AS `t42`
    ON `t21`.`period_start` = `t42`.`period_start`
    AND `t44`.`segment` IS NOT DISTINCT FROM `t42`.`segment`
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
    ON `t21`.`period_start` = `t17`.`target_start`
)
SELECT
  `t21`.`period_start`,
  `t52`.`segment`,
  `t50`.`value`
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
) AS `t21`
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
        `t46`.`segment`
      FROM `t45` AS `t46`
    ) AS `t47`
  ) AS `t49`
) AS `t52`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t45` AS `t46`
) AS `t50`
  ON `t21`.`period_start` = `t50`.`period_start`
  AND `t52`.`segment` IS NOT DISTINCT FROM `t50`.`segment`

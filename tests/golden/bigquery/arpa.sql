WITH `t5` AS (
  SELECT
    *
  FROM `subscriptions` AS `t1`
), `t20` AS (
  SELECT
    `t17`.`state_start`,
    IF(
      (
        `t17`.`state_start` <= DATE(2026, 11, 24)
      )
      AND (
        DATE_SUB(DATE_ADD(`t17`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) > DATE(2026, 11, 24)
      ),
      DATE(2026, 11, 24),
      DATE_SUB(DATE_ADD(`t17`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY)
    ) AS `last_day`
  FROM (
    SELECT
      DATE_ADD(DATE(2026, 4, 1), INTERVAL (`t11`.`i` * 1) MONTH) AS `state_start`
    FROM (
      SELECT
        `t6`.*
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
      ) AS `t6`
      CROSS JOIN UNNEST(`t6`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t11`
  ) AS `t17`
), `t37` AS (
  SELECT
    `t36`.`period_start`,
    `t36`.`segment`,
    ieee_divide(
      SUM(`t36`.`_num`),
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
        `t7`.`dim_account_id`,
        `t7`.`segment`
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
          `t32`.`end_mrr` AS `_num`,
          IF(`t32`.`end_mrr` > 0, 1, 0) AS `_den`
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
                `t29`.*
                EXCEPT (`paid_earlier`)
              FROM (
                SELECT
                  `t28`.`account_id`,
                  `t28`.`state_start`,
                  `t28`.`mrr`,
                  `t28`.`paid_earlier`,
                  COALESCE(
                    LAG(`t28`.`mrr`) OVER (PARTITION BY `t28`.`account_id` ORDER BY `t28`.`state_start` ASC),
                    0.0
                  ) AS `prev_mrr`,
                  (
                    SUM(IF(`t28`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t28`.`account_id`
                      ORDER BY `t28`.`state_start` ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - IF(`t28`.`mrr` > 0, 1, 0)
                  ) + COALESCE(`t28`.`paid_earlier`, 0) AS `active_before`
                FROM (
                  SELECT
                    `t27`.*
                    EXCEPT (`paid_account`)
                  FROM (
                    SELECT
                      `t13`.`account_id`,
                      `t22`.`state_start`,
                      COALESCE(`t26`.`snap_mrr`, 0.0) AS `mrr`,
                      `t19`.`paid_account`,
                      `t19`.`paid_earlier`
                    FROM (
                      SELECT
                        `t8`.`account_id`,
                        MIN(`t8`.`start_date`) AS `first_day`
                      FROM `t5` AS `t8`
                      GROUP BY
                        1
                    ) AS `t13`
                    INNER JOIN `t20` AS `t22`
                      ON `t13`.`first_day` <= `t22`.`last_day`
                    LEFT OUTER JOIN (
                      SELECT
                        `t24`.`account_id`,
                        `t24`.`state_start`,
                        SUM(`t24`.`mrr`) AS `snap_mrr`
                      FROM (
                        SELECT
                          `t23`.`state_start`,
                          `t23`.`last_day`,
                          `t10`.`subscription_id`,
                          `t10`.`account_id`,
                          `t10`.`start_date`,
                          `t10`.`end_date`,
                          `t10`.`mrr`,
                          `t10`.`plan`
                        FROM `t20` AS `t23`
                        INNER JOIN `t5` AS `t10`
                          ON `t10`.`start_date` <= `t23`.`last_day`
                          AND (
                            (
                              `t10`.`end_date` IS NULL
                            ) OR (
                              `t10`.`end_date` > `t23`.`last_day`
                            )
                          )
                      ) AS `t24`
                      GROUP BY
                        1,
                        2
                    ) AS `t26`
                      ON `t13`.`account_id` = `t26`.`account_id`
                      AND `t22`.`state_start` = `t26`.`state_start`
                    LEFT OUTER JOIN (
                      SELECT
                        `t14`.`paid_account`,
                        1 AS `paid_earlier`
                      FROM (
                        SELECT DISTINCT
                          `t1`.`account_id` AS `paid_account`
                        FROM `subscriptions` AS `t1`
                        WHERE
                          `t1`.`mrr` > 0
                          AND (
                            (
                              `t1`.`end_date` IS NULL
                            )
                            OR (
                              IF(
                                `t1`.`end_date` <= DATE(2026, 11, 24),
                                DATE_TRUNC(`t1`.`end_date`, MONTH),
                                GREATEST(
                                  DATE_TRUNC(`t1`.`end_date`, MONTH),
                                  DATE_ADD(DATE_TRUNC(DATE(2026, 11, 24), MONTH), INTERVAL 1 MONTH)
                                )
                              ) > IF(
                                `t1`.`start_date` <= DATE(2026, 11, 24),
                                DATE_TRUNC(`t1`.`start_date`, MONTH),
                                GREATEST(
                                  DATE_TRUNC(`t1`.`start_date`, MONTH),
                                  DATE_ADD(DATE_TRUNC(DATE(2026, 11, 24), MONTH), INTERVAL 1 MONTH)
                                )
                              )
                            )
                          )
                          AND IF(
                            `t1`.`start_date` <= DATE(2026, 11, 24),
                            DATE_TRUNC(`t1`.`start_date`, MONTH),
                            GREATEST(
                              DATE_TRUNC(`t1`.`start_date`, MONTH),
                              DATE_ADD(DATE_TRUNC(DATE(2026, 11, 24), MONTH), INTERVAL 1 MONTH)
                            )
                          ) < DATE_TRUNC(DATE(2026, 4, 30), MONTH)
                      ) AS `t14`
                    ) AS `t19`
                      ON `t13`.`account_id` = `t19`.`paid_account`
                  ) AS `t27`
                ) AS `t28`
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
      ) AS `t7`
        ON `t34`.`account_id` = `t7`.`dim_account_id`
    ) AS `t35`
  ) AS `t36`
  GROUP BY
    1,
    2
)
SELECT
  `t18`.`period_start`,
  `t44`.`segment`,
  `t42`.`value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t9`.`i` * 1) MONTH) AS `period_start`
  FROM (
    SELECT
      `t2`.*
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
    ) AS `t2`
    CROSS JOIN UNNEST(`t2`.`i`) AS `ibis_table_unnest_column_2`
  ) AS `t9`
) AS `t18`
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
  ON `t18`.`period_start` = `t42`.`period_start`
  AND `t44`.`segment` IS NOT DISTINCT FROM `t42`.`segment`

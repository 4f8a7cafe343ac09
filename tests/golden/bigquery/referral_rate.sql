WITH `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t23` AS (
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
      DATE_ADD(DATE(2026, 4, 1), INTERVAL (`t13`.`i` * 1) MONTH) AS `state_start`
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
    ) AS `t13`
  ) AS `t20`
), `t43` AS (
  SELECT
    `t42`.`period_start`,
    `t42`.`segment`,
    ieee_divide(
      CAST(SUM(`t42`.`_num`) AS FLOAT64),
      IF(
        CAST(SUM(`t42`.`_den`) AS FLOAT64) = 0,
        CAST(NULL AS FLOAT64),
        CAST(SUM(`t42`.`_den`) AS FLOAT64)
      )
    ) AS `value`
  FROM (
    SELECT
      `t41`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t40`.`account_id`,
        `t40`.`period_start`,
        `t40`.`referred`,
        `t40`.`_num`,
        `t40`.`_den`,
        `t8`.`dim_account_id`,
        `t8`.`segment`
      FROM (
        SELECT
          `t38`.`account_id`,
          `t38`.`period_start`,
          `t38`.`referred`,
          `t38`.`referred` AS `_num`,
          1 AS `_den`
        FROM (
          SELECT
            `t37`.`account_id`,
            `t37`.`period_start`,
            IF(`t14`.`referrer` IS NOT NULL, 1, 0) AS `referred`
          FROM (
            SELECT
              *
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
                    `t32`.*
                    EXCEPT (`paid_earlier`)
                  FROM (
                    SELECT
                      `t31`.`account_id`,
                      `t31`.`state_start`,
                      `t31`.`mrr`,
                      `t31`.`paid_earlier`,
                      COALESCE(
                        LAG(`t31`.`mrr`) OVER (PARTITION BY `t31`.`account_id` ORDER BY `t31`.`state_start` ASC),
                        0.0
                      ) AS `prev_mrr`,
                      (
                        SUM(IF(`t31`.`mrr` > 0, 1, 0)) OVER (
                          PARTITION BY `t31`.`account_id`
                          ORDER BY `t31`.`state_start` ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                        ) - IF(`t31`.`mrr` > 0, 1, 0)
                      ) + COALESCE(`t31`.`paid_earlier`, 0) AS `active_before`
                    FROM (
                      SELECT
                        `t30`.*
                        EXCEPT (`paid_account`)
                      FROM (
                        SELECT
                          `t16`.`account_id`,
                          `t25`.`state_start`,
                          COALESCE(`t29`.`snap_mrr`, 0.0) AS `mrr`,
                          `t22`.`paid_account`,
                          `t22`.`paid_earlier`
                        FROM (
                          SELECT
                            `t9`.`account_id`,
                            MIN(`t9`.`start_date`) AS `first_day`
                          FROM `t6` AS `t9`
                          GROUP BY
                            1
                        ) AS `t16`
                        INNER JOIN `t23` AS `t25`
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
                            FROM `t23` AS `t26`
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
                        ) AS `t29`
                          ON `t16`.`account_id` = `t29`.`account_id`
                          AND `t25`.`state_start` = `t29`.`state_start`
                        LEFT OUTER JOIN (
                          SELECT
                            `t17`.`paid_account`,
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
                          ) AS `t17`
                        ) AS `t22`
                          ON `t16`.`account_id` = `t22`.`paid_account`
                      ) AS `t30`
                    ) AS `t31`
                  ) AS `t32`
                ) AS `t33`
              ) AS `t34`
              GROUP BY
                1,
                2
            ) AS `t35`
            WHERE
              `t35`.`start_mrr` > 0
          ) AS `t37`
          LEFT OUTER JOIN (
            SELECT DISTINCT
              `t1`.`referrer_account_id` AS `referrer`,
              CAST(TIMESTAMP_TRUNC(`t1`.`referred_at`, MONTH) AS DATE) AS `referred_in`
            FROM `referrals` AS `t1`
            WHERE
              `t1`.`referred_at` >= DATETIME('2026-05-01T00:00:00')
              AND `t1`.`referred_at` < DATETIME('2026-11-01T00:00:00')
          ) AS `t14`
            ON `t37`.`account_id` = `t14`.`referrer`
            AND `t37`.`period_start` = `t14`.`referred_in`
        ) AS `t38`
        WHERE
          `t38`.`period_start` >= DATE(2026, 5, 1)
          AND `t38`.`period_start` < DATE(2026, 11, 1)
      ) AS `t40`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t8`
        ON `t40`.`account_id` = `t8`.`dim_account_id`
    ) AS `t41`
  ) AS `t42`
  GROUP BY
    1,
    2
)
SELECT
  `t21`.`period_start`,
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
) AS `t21`
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
  ON `t21`.`period_start` = `t48`.`period_start`
  AND `t50`.`segment` IS NOT DISTINCT FROM `t48`.`segment`

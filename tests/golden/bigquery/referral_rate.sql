WITH `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t20` AS (
  SELECT
    `t18`.`state_start`,
    IF(
      (
        `t18`.`state_start` <= DATE(2026, 11, 24)
      )
      AND (
        DATE_SUB(DATE_ADD(`t18`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) > DATE(2026, 11, 24)
      ),
      DATE(2026, 11, 24),
      DATE_SUB(DATE_ADD(`t18`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY)
    ) AS `last_day`
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
  ) AS `t18`
), `t38` AS (
  SELECT
    `t37`.`period_start`,
    `t37`.`segment`,
    ieee_divide(
      CAST(SUM(`t37`.`_num`) AS FLOAT64),
      IF(
        CAST(SUM(`t37`.`_den`) AS FLOAT64) = 0,
        CAST(NULL AS FLOAT64),
        CAST(SUM(`t37`.`_den`) AS FLOAT64)
      )
    ) AS `value`
  FROM (
    SELECT
      `t36`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t35`.`account_id`,
        `t35`.`period_start`,
        `t35`.`referred`,
        `t35`.`_num`,
        `t35`.`_den`,
        `t8`.`dim_account_id`,
        `t8`.`segment`
      FROM (
        SELECT
          `t33`.`account_id`,
          `t33`.`period_start`,
          `t33`.`referred`,
          `t33`.`referred` AS `_num`,
          1 AS `_den`
        FROM (
          SELECT
            `t32`.`account_id`,
            `t32`.`period_start`,
            IF(`t14`.`referrer` IS NOT NULL, 1, 0) AS `referred`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t29`.`account_id`,
                `t29`.`period_start`,
                MAX(IF(`t29`.`is_first`, `t29`.`prev_mrr`, 0.0)) AS `start_mrr`,
                MAX(IF(`t29`.`is_last`, `t29`.`mrr`, 0.0)) AS `end_mrr`,
                SUM(`t29`.`new`) AS `new`,
                SUM(`t29`.`expansion`) AS `expansion`,
                SUM(`t29`.`contraction`) AS `contraction`,
                SUM(`t29`.`churn`) AS `churn`,
                SUM(`t29`.`reactivation`) AS `reactivation`,
                MAX(IF(`t29`.`churn` > 0, 1, 0)) AS `churned`,
                MAX(IF(`t29`.`new` > 0, 1, 0)) AS `acquired`,
                MAX(IF(`t29`.`reactivation` > 0, 1, 0)) AS `reactivated`
              FROM (
                SELECT
                  `t28`.`account_id`,
                  `t28`.`state_start`,
                  `t28`.`mrr`,
                  `t28`.`prev_mrr`,
                  `t28`.`active_before`,
                  IF(
                    (
                      `t28`.`mrr` > 0
                    )
                    AND (
                      `t28`.`prev_mrr` = 0
                    )
                    AND (
                      `t28`.`active_before` = 0
                    ),
                    `t28`.`mrr`,
                    0.0
                  ) AS `new`,
                  IF(
                    (
                      `t28`.`mrr` > 0
                    )
                    AND (
                      `t28`.`prev_mrr` = 0
                    )
                    AND (
                      `t28`.`active_before` > 0
                    ),
                    `t28`.`mrr`,
                    0.0
                  ) AS `reactivation`,
                  IF(
                    (
                      `t28`.`prev_mrr` > 0
                    ) AND (
                      `t28`.`mrr` > `t28`.`prev_mrr`
                    ),
                    `t28`.`mrr` - `t28`.`prev_mrr`,
                    0.0
                  ) AS `expansion`,
                  IF(
                    (
                      `t28`.`prev_mrr` > 0
                    )
                    AND (
                      `t28`.`mrr` > 0
                    )
                    AND (
                      `t28`.`mrr` < `t28`.`prev_mrr`
                    ),
                    `t28`.`prev_mrr` - `t28`.`mrr`,
                    0.0
                  ) AS `contraction`,
                  IF((
                    `t28`.`prev_mrr` > 0
                  ) AND (
                    `t28`.`mrr` = 0
                  ), `t28`.`prev_mrr`, 0.0) AS `churn`,
                  DATE_TRUNC(`t28`.`state_start`, MONTH) AS `period_start`,
                  DATE_TRUNC(DATE_SUB(`t28`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t28`.`state_start`, MONTH) AS `is_first`,
                  DATE_TRUNC(DATE_ADD(`t28`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t28`.`state_start`, MONTH) AS `is_last`
                FROM (
                  SELECT
                    `t27`.`account_id`,
                    `t27`.`state_start`,
                    `t27`.`mrr`,
                    COALESCE(
                      LAG(`t27`.`mrr`) OVER (PARTITION BY `t27`.`account_id` ORDER BY `t27`.`state_start` ASC),
                      0.0
                    ) AS `prev_mrr`,
                    SUM(IF(`t27`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t27`.`account_id`
                      ORDER BY `t27`.`state_start` ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - IF(`t27`.`mrr` > 0, 1, 0) AS `active_before`
                  FROM (
                    SELECT
                      `t16`.`account_id`,
                      `t22`.`state_start`,
                      COALESCE(`t26`.`snap_mrr`, 0.0) AS `mrr`
                    FROM (
                      SELECT
                        `t9`.`account_id`,
                        MIN(`t9`.`start_date`) AS `first_day`
                      FROM `t6` AS `t9`
                      GROUP BY
                        1
                    ) AS `t16`
                    INNER JOIN `t20` AS `t22`
                      ON `t16`.`first_day` <= `t22`.`last_day`
                    LEFT OUTER JOIN (
                      SELECT
                        `t24`.`account_id`,
                        `t24`.`state_start`,
                        SUM(`t24`.`mrr`) AS `snap_mrr`
                      FROM (
                        SELECT
                          `t23`.`state_start`,
                          `t23`.`last_day`,
                          `t12`.`subscription_id`,
                          `t12`.`account_id`,
                          `t12`.`start_date`,
                          `t12`.`end_date`,
                          `t12`.`mrr`,
                          `t12`.`plan`
                        FROM `t20` AS `t23`
                        INNER JOIN `t6` AS `t12`
                          ON `t12`.`start_date` <= `t23`.`last_day`
                          AND (
                            (
                              `t12`.`end_date` IS NULL
                            ) OR (
                              `t12`.`end_date` > `t23`.`last_day`
                            )
                          )
                      ) AS `t24`
                      GROUP BY
                        1,
                        2
                    ) AS `t26`
                      ON `t16`.`account_id` = `t26`.`account_id`
                      AND `t22`.`state_start` = `t26`.`state_start`
                  ) AS `t27`
                ) AS `t28`
              ) AS `t29`
              GROUP BY
                1,
                2
            ) AS `t30`
            WHERE
              `t30`.`start_mrr` > 0
          ) AS `t32`
          LEFT OUTER JOIN (
            SELECT DISTINCT
              `t1`.`referrer_account_id` AS `referrer`,
              CAST(TIMESTAMP_TRUNC(`t1`.`referred_at`, MONTH) AS DATE) AS `referred_in`
            FROM `referrals` AS `t1`
            WHERE
              `t1`.`referred_at` >= DATETIME('2026-05-01T00:00:00')
              AND `t1`.`referred_at` < DATETIME('2026-11-01T00:00:00')
          ) AS `t14`
            ON `t32`.`account_id` = `t14`.`referrer`
            AND `t32`.`period_start` = `t14`.`referred_in`
        ) AS `t33`
        WHERE
          `t33`.`period_start` >= DATE(2026, 5, 1)
          AND `t33`.`period_start` < DATE(2026, 11, 1)
      ) AS `t35`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t8`
        ON `t35`.`account_id` = `t8`.`dim_account_id`
    ) AS `t36`
  ) AS `t37`
  GROUP BY
    1,
    2
)
SELECT
  `t19`.`period_start`,
  `t45`.`segment`,
  `t43`.`value`
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
) AS `t19`
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
        `t39`.`segment`
      FROM `t38` AS `t39`
    ) AS `t40`
  ) AS `t42`
) AS `t45`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t38` AS `t39`
) AS `t43`
  ON `t19`.`period_start` = `t43`.`period_start`
  AND `t45`.`segment` IS NOT DISTINCT FROM `t43`.`segment`

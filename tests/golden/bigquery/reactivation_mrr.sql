WITH `t5` AS (
  SELECT
    *
  FROM `subscriptions` AS `t1`
), `t17` AS (
  SELECT
    `t15`.`state_start`,
    IF(
      (
        `t15`.`state_start` <= DATE(2026, 11, 24)
      )
      AND (
        DATE_SUB(DATE_ADD(`t15`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) > DATE(2026, 11, 24)
      ),
      DATE(2026, 11, 24),
      DATE_SUB(DATE_ADD(`t15`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY)
    ) AS `last_day`
  FROM (
    SELECT
      DATE_ADD(DATE(2023, 5, 1), INTERVAL (`t11`.`i` * 1) MONTH) AS `state_start`
    FROM (
      SELECT
        `t6`.*
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
      ) AS `t6`
      CROSS JOIN UNNEST(`t6`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t11`
  ) AS `t15`
), `t30` AS (
  SELECT
    `t29`.`period_start`,
    `t29`.`segment`,
    SUM(`t29`.`amount`) AS `value`
  FROM (
    SELECT
      `t28`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t27`.`account_id`,
        `t27`.`state_start`,
        `t27`.`mrr`,
        `t27`.`prev_mrr`,
        `t27`.`active_before`,
        `t27`.`new`,
        `t27`.`reactivation`,
        `t27`.`expansion`,
        `t27`.`contraction`,
        `t27`.`churn`,
        `t27`.`period_start`,
        `t27`.`is_first`,
        `t27`.`is_last`,
        `t27`.`amount`,
        `t7`.`dim_account_id`,
        `t7`.`segment`
      FROM (
        SELECT
          `t25`.`account_id`,
          `t25`.`state_start`,
          `t25`.`mrr`,
          `t25`.`prev_mrr`,
          `t25`.`active_before`,
          IF(
            (
              `t25`.`mrr` > 0
            )
            AND (
              `t25`.`prev_mrr` = 0
            )
            AND (
              `t25`.`active_before` = 0
            ),
            `t25`.`mrr`,
            0.0
          ) AS `new`,
          IF(
            (
              `t25`.`mrr` > 0
            )
            AND (
              `t25`.`prev_mrr` = 0
            )
            AND (
              `t25`.`active_before` > 0
            ),
            `t25`.`mrr`,
            0.0
          ) AS `reactivation`,
          IF(
            (
              `t25`.`prev_mrr` > 0
            ) AND (
              `t25`.`mrr` > `t25`.`prev_mrr`
            ),
            `t25`.`mrr` - `t25`.`prev_mrr`,
            0.0
          ) AS `expansion`,
          IF(
            (
              `t25`.`prev_mrr` > 0
            )
            AND (
              `t25`.`mrr` > 0
            )
            AND (
              `t25`.`mrr` < `t25`.`prev_mrr`
            ),
            `t25`.`prev_mrr` - `t25`.`mrr`,
            0.0
          ) AS `contraction`,
          IF((
            `t25`.`prev_mrr` > 0
          ) AND (
            `t25`.`mrr` = 0
          ), `t25`.`prev_mrr`, 0.0) AS `churn`,
          DATE_TRUNC(`t25`.`state_start`, MONTH) AS `period_start`,
          DATE_TRUNC(DATE_SUB(`t25`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t25`.`state_start`, MONTH) AS `is_first`,
          DATE_TRUNC(DATE_ADD(`t25`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t25`.`state_start`, MONTH) AS `is_last`,
          IF(
            (
              `t25`.`mrr` > 0
            )
            AND (
              `t25`.`prev_mrr` = 0
            )
            AND (
              `t25`.`active_before` > 0
            ),
            `t25`.`mrr`,
            0.0
          ) AS `amount`
        FROM (
          SELECT
            `t24`.`account_id`,
            `t24`.`state_start`,
            `t24`.`mrr`,
            COALESCE(
              LAG(`t24`.`mrr`) OVER (PARTITION BY `t24`.`account_id` ORDER BY `t24`.`state_start` ASC),
              0.0
            ) AS `prev_mrr`,
            SUM(IF(`t24`.`mrr` > 0, 1, 0)) OVER (
              PARTITION BY `t24`.`account_id`
              ORDER BY `t24`.`state_start` ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) - IF(`t24`.`mrr` > 0, 1, 0) AS `active_before`
          FROM (
            SELECT
              `t13`.`account_id`,
              `t19`.`state_start`,
              COALESCE(`t23`.`snap_mrr`, 0.0) AS `mrr`
            FROM (
              SELECT
                `t8`.`account_id`,
                MIN(`t8`.`start_date`) AS `first_day`
              FROM `t5` AS `t8`
              GROUP BY
                1
            ) AS `t13`
            INNER JOIN `t17` AS `t19`
              ON `t13`.`first_day` <= `t19`.`last_day`
            LEFT OUTER JOIN (
              SELECT
                `t21`.`account_id`,
                `t21`.`state_start`,
                SUM(`t21`.`mrr`) AS `snap_mrr`
              FROM (
                SELECT
                  `t20`.`state_start`,
                  `t20`.`last_day`,
                  `t10`.`subscription_id`,
                  `t10`.`account_id`,
                  `t10`.`start_date`,
                  `t10`.`end_date`,
                  `t10`.`mrr`,
                  `t10`.`plan`
                FROM `t17` AS `t20`
                INNER JOIN `t5` AS `t10`
                  ON `t10`.`start_date` <= `t20`.`last_day`
                  AND (
                    (
                      `t10`.`end_date` IS NULL
                    ) OR (
                      `t10`.`end_date` > `t20`.`last_day`
                    )
                  )
              ) AS `t21`
              GROUP BY
                1,
                2
            ) AS `t23`
              ON `t13`.`account_id` = `t23`.`account_id`
              AND `t19`.`state_start` = `t23`.`state_start`
          ) AS `t24`
        ) AS `t25`
        WHERE
          DATE_TRUNC(`t25`.`state_start`, MONTH) >= DATE(2026, 5, 1)
          AND DATE_TRUNC(`t25`.`state_start`, MONTH) < DATE(2026, 11, 1)
      ) AS `t27`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t7`
        ON `t27`.`account_id` = `t7`.`dim_account_id`
    ) AS `t28`
  ) AS `t29`
  GROUP BY
    1,
    2
)
SELECT
  `t16`.`period_start`,
  `t37`.`segment`,
  COALESCE(`t35`.`value`, 0.0) AS `value`
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
) AS `t16`
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
        `t31`.`segment`
      FROM `t30` AS `t31`
    ) AS `t32`
  ) AS `t34`
) AS `t37`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t30` AS `t31`
) AS `t35`
  ON `t16`.`period_start` = `t35`.`period_start`
  AND `t37`.`segment` IS NOT DISTINCT FROM `t35`.`segment`

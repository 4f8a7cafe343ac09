WITH `t3` AS (
  SELECT
    `t0`.`segment`
  FROM `accounts` AS `t0`
), `t5` AS (
  SELECT
    *
  FROM `subscriptions` AS `t1`
), `t21` AS (
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
      DATE_ADD(DATE(2026, 4, 1), INTERVAL (`t12`.`i` * 1) MONTH) AS `state_start`
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
    ) AS `t12`
  ) AS `t18`
), `t36` AS (
  SELECT
    `t35`.`period_start`,
    `t35`.`segment`,
    SUM(`t35`.`mrr`) AS `value`
  FROM (
    SELECT
      `t34`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t33`.`account_id`,
        `t33`.`state_start`,
        `t33`.`mrr`,
        `t33`.`prev_mrr`,
        `t33`.`active_before`,
        `t33`.`new`,
        `t33`.`reactivation`,
        `t33`.`expansion`,
        `t33`.`contraction`,
        `t33`.`churn`,
        `t33`.`period_start`,
        `t33`.`is_first`,
        `t33`.`is_last`,
        `t8`.`dim_account_id`,
        `t8`.`segment`
      FROM (
        SELECT
          `t31`.`account_id`,
          `t31`.`state_start`,
          `t31`.`mrr`,
          `t31`.`prev_mrr`,
          `t31`.`active_before`,
          IF(
            (
              `t31`.`mrr` > 0
            )
            AND (
              `t31`.`prev_mrr` = 0
            )
            AND (
              `t31`.`active_before` = 0
            ),
            `t31`.`mrr`,
            0.0
          ) AS `new`,
          IF(
            (
              `t31`.`mrr` > 0
            )
            AND (
              `t31`.`prev_mrr` = 0
            )
            AND (
              `t31`.`active_before` > 0
            ),
            `t31`.`mrr`,
            0.0
          ) AS `reactivation`,
          IF(
            (
              `t31`.`prev_mrr` > 0
            ) AND (
              `t31`.`mrr` > `t31`.`prev_mrr`
            ),
            `t31`.`mrr` - `t31`.`prev_mrr`,
            0.0
          ) AS `expansion`,
          IF(
            (
              `t31`.`prev_mrr` > 0
            )
            AND (
              `t31`.`mrr` > 0
            )
            AND (
              `t31`.`mrr` < `t31`.`prev_mrr`
            ),
            `t31`.`prev_mrr` - `t31`.`mrr`,
            0.0
          ) AS `contraction`,
          IF((
            `t31`.`prev_mrr` > 0
          ) AND (
            `t31`.`mrr` = 0
          ), `t31`.`prev_mrr`, 0.0) AS `churn`,
          DATE_TRUNC(`t31`.`state_start`, MONTH) AS `period_start`,
          DATE_TRUNC(DATE_SUB(`t31`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t31`.`state_start`, MONTH) AS `is_first`,
          DATE_TRUNC(DATE_ADD(`t31`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t31`.`state_start`, MONTH) AS `is_last`
        FROM (
          SELECT
            `t30`.*
            EXCEPT (`paid_earlier`)
          FROM (
            SELECT
              `t29`.`account_id`,
              `t29`.`state_start`,
              `t29`.`mrr`,
              `t29`.`paid_earlier`,
              COALESCE(
                LAG(`t29`.`mrr`) OVER (PARTITION BY `t29`.`account_id` ORDER BY `t29`.`state_start` ASC),
                0.0
              ) AS `prev_mrr`,
              (
                SUM(IF(`t29`.`mrr` > 0, 1, 0)) OVER (
                  PARTITION BY `t29`.`account_id`
                  ORDER BY `t29`.`state_start` ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) - IF(`t29`.`mrr` > 0, 1, 0)
              ) + COALESCE(`t29`.`paid_earlier`, 0) AS `active_before`
            FROM (
              SELECT
                `t28`.*
                EXCEPT (`paid_account`)
              FROM (
                SELECT
                  `t14`.`account_id`,
                  `t23`.`state_start`,
                  COALESCE(`t27`.`snap_mrr`, 0.0) AS `mrr`,
                  `t20`.`paid_account`,
                  `t20`.`paid_earlier`
                FROM (
                  SELECT
                    `t9`.`account_id`,
                    MIN(`t9`.`start_date`) AS `first_day`
                  FROM `t5` AS `t9`
                  GROUP BY
                    1
                ) AS `t14`
                INNER JOIN `t21` AS `t23`
                  ON `t14`.`first_day` <= `t23`.`last_day`
                LEFT OUTER JOIN (
                  SELECT
                    `t25`.`account_id`,
                    `t25`.`state_start`,
                    SUM(`t25`.`mrr`) AS `snap_mrr`
                  FROM (
                    SELECT
                      `t24`.`state_start`,
                      `t24`.`last_day`,
                      `t11`.`subscription_id`,
                      `t11`.`account_id`,
                      `t11`.`start_date`,
                      `t11`.`end_date`,
                      `t11`.`mrr`,
                      `t11`.`plan`
                    FROM `t21` AS `t24`
                    INNER JOIN `t5` AS `t11`
                      ON `t11`.`start_date` <= `t24`.`last_day`
                      AND (
                        (
                          `t11`.`end_date` IS NULL
                        ) OR (
                          `t11`.`end_date` > `t24`.`last_day`
                        )
                      )
                  ) AS `t25`
                  GROUP BY
                    1,
                    2
                ) AS `t27`
                  ON `t14`.`account_id` = `t27`.`account_id`
                  AND `t23`.`state_start` = `t27`.`state_start`
                LEFT OUTER JOIN (
                  SELECT
                    `t15`.`paid_account`,
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
                  ) AS `t15`
                ) AS `t20`
                  ON `t14`.`account_id` = `t20`.`paid_account`
              ) AS `t28`
            ) AS `t29`
          ) AS `t30`
        ) AS `t31`
        WHERE
          DATE_TRUNC(DATE_ADD(`t31`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t31`.`state_start`, MONTH)
          AND DATE_TRUNC(`t31`.`state_start`, MONTH) >= DATE(2026, 5, 1)
          AND DATE_TRUNC(`t31`.`state_start`, MONTH) < DATE(2026, 11, 1)
      ) AS `t33`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t8`
        ON `t33`.`account_id` = `t8`.`dim_account_id`
    ) AS `t34`
  ) AS `t35`
  GROUP BY
    1,
    2
), `t44` AS (
  SELECT
    `t19`.`period_start`,
    `t43`.`segment`,
    COALESCE(`t41`.`value`, 0.0) AS `value`
  FROM (
    SELECT
      DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t10`.`i` * 1) MONTH) AS `period_start`
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
    ) AS `t10`
  ) AS `t19`
  CROSS JOIN (
    SELECT DISTINCT
      *
    FROM (
      SELECT
        *
      FROM `t3` AS `t7`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          `t37`.`segment`
        FROM `t36` AS `t37`
      ) AS `t38`
    ) AS `t40`
  ) AS `t43`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM `t36` AS `t37`
  ) AS `t41`
    ON `t19`.`period_start` = `t41`.`period_start`
    AND `t43`.`segment` IS NOT DISTINCT FROM `t41`.`segment`
)
SELECT
  `t19`.`period_start`,
  `t51`.`segment`,
  COALESCE(`t49`.`value`, 0.0) AS `value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t10`.`i` * 1) MONTH) AS `period_start`
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
  ) AS `t10`
) AS `t19`
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM `t3` AS `t7`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t45`.`segment`
      FROM `t44` AS `t45`
    ) AS `t46`
  ) AS `t47`
) AS `t51`
LEFT OUTER JOIN (
  SELECT
    `t45`.`period_start`,
    `t45`.`segment`,
    `t45`.`value` * 12 AS `value`
  FROM `t44` AS `t45`
) AS `t49`
  ON `t19`.`period_start` = `t49`.`period_start`
  AND `t51`.`segment` IS NOT DISTINCT FROM `t49`.`segment`

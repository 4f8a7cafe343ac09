WITH `t4` AS (
  SELECT
    `t0`.`segment`
  FROM `accounts` AS `t0`
), `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t29` AS (
  SELECT
    `t24`.`state_start`,
    IF(
      (
        `t24`.`state_start` <= DATE(2026, 11, 24)
      )
      AND (
        DATE_SUB(DATE_ADD(`t24`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) > DATE(2026, 11, 24)
      ),
      DATE(2026, 11, 24),
      DATE_SUB(DATE_ADD(`t24`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY)
    ) AS `last_day`
  FROM (
    SELECT
      DATE_ADD(DATE(2026, 4, 1), INTERVAL (`t15`.`i` * 1) MONTH) AS `state_start`
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
    ) AS `t15`
  ) AS `t24`
), `t43` AS (
  SELECT
    `t42`.`account_id`,
    `t42`.`period_start`,
    MAX(IF(`t42`.`is_first`, `t42`.`prev_mrr`, 0.0)) AS `start_mrr`,
    MAX(IF(`t42`.`is_last`, `t42`.`mrr`, 0.0)) AS `end_mrr`,
    SUM(`t42`.`new`) AS `new`,
    SUM(`t42`.`expansion`) AS `expansion`,
    SUM(`t42`.`contraction`) AS `contraction`,
    SUM(`t42`.`churn`) AS `churn`,
    SUM(`t42`.`reactivation`) AS `reactivation`,
    MAX(IF(`t42`.`churn` > 0, 1, 0)) AS `churned`,
    MAX(IF(`t42`.`new` > 0, 1, 0)) AS `acquired`,
    MAX(IF(`t42`.`reactivation` > 0, 1, 0)) AS `reactivated`
  FROM (
    SELECT
      `t41`.`account_id`,
      `t41`.`state_start`,
      `t41`.`mrr`,
      `t41`.`prev_mrr`,
      `t41`.`active_before`,
      IF(
        (
          `t41`.`mrr` > 0
        )
        AND (
          `t41`.`prev_mrr` = 0
        )
        AND (
          `t41`.`active_before` = 0
        ),
        `t41`.`mrr`,
        0.0
      ) AS `new`,
      IF(
        (
          `t41`.`mrr` > 0
        )
        AND (
          `t41`.`prev_mrr` = 0
        )
        AND (
          `t41`.`active_before` > 0
        ),
        `t41`.`mrr`,
        0.0
      ) AS `reactivation`,
      IF(
        (
          `t41`.`prev_mrr` > 0
        ) AND (
          `t41`.`mrr` > `t41`.`prev_mrr`
        ),
        `t41`.`mrr` - `t41`.`prev_mrr`,
        0.0
      ) AS `expansion`,
      IF(
        (
          `t41`.`prev_mrr` > 0
        )
        AND (
          `t41`.`mrr` > 0
        )
        AND (
          `t41`.`mrr` < `t41`.`prev_mrr`
        ),
        `t41`.`prev_mrr` - `t41`.`mrr`,
        0.0
      ) AS `contraction`,
      IF((
        `t41`.`prev_mrr` > 0
      ) AND (
        `t41`.`mrr` = 0
      ), `t41`.`prev_mrr`, 0.0) AS `churn`,
      DATE_TRUNC(`t41`.`state_start`, MONTH) AS `period_start`,
      DATE_TRUNC(DATE_SUB(`t41`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t41`.`state_start`, MONTH) AS `is_first`,
      DATE_TRUNC(DATE_ADD(`t41`.`state_start`, INTERVAL 1 MONTH), MONTH) <> DATE_TRUNC(`t41`.`state_start`, MONTH) AS `is_last`
    FROM (
      SELECT
        `t40`.*
        EXCEPT (`paid_earlier`)
      FROM (
        SELECT
          `t39`.`account_id`,
          `t39`.`state_start`,
          `t39`.`mrr`,
          `t39`.`paid_earlier`,
          COALESCE(
            LAG(`t39`.`mrr`) OVER (PARTITION BY `t39`.`account_id` ORDER BY `t39`.`state_start` ASC),
            0.0
          ) AS `prev_mrr`,
          (
            SUM(IF(`t39`.`mrr` > 0, 1, 0)) OVER (
              PARTITION BY `t39`.`account_id`
              ORDER BY `t39`.`state_start` ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) - IF(`t39`.`mrr` > 0, 1, 0)
          ) + COALESCE(`t39`.`paid_earlier`, 0) AS `active_before`
        FROM (
          SELECT
            `t38`.*
            EXCEPT (`paid_account`)
          FROM (
            SELECT
              `t19`.`account_id`,
              `t31`.`state_start`,
              COALESCE(`t37`.`snap_mrr`, 0.0) AS `mrr`,
              `t27`.`paid_account`,
              `t27`.`paid_earlier`
            FROM (
              SELECT
                `t10`.`account_id`,
                MIN(`t10`.`start_date`) AS `first_day`
              FROM `t6` AS `t10`
              GROUP BY
                1
            ) AS `t19`
            INNER JOIN `t29` AS `t31`
              ON `t19`.`first_day` <= `t31`.`last_day`
            LEFT OUTER JOIN (
              SELECT
                `t35`.`account_id`,
                `t35`.`state_start`,
                SUM(`t35`.`mrr`) AS `snap_mrr`
              FROM (
                SELECT
                  `t32`.`state_start`,
                  `t32`.`last_day`,
                  `t14`.`subscription_id`,
                  `t14`.`account_id`,
                  `t14`.`start_date`,
                  `t14`.`end_date`,
                  `t14`.`mrr`,
                  `t14`.`plan`
                FROM `t29` AS `t32`
                INNER JOIN `t6` AS `t14`
                  ON `t14`.`start_date` <= `t32`.`last_day`
                  AND (
                    (
                      `t14`.`end_date` IS NULL
                    ) OR (
                      `t14`.`end_date` > `t32`.`last_day`
                    )
                  )
              ) AS `t35`
              GROUP BY
                1,
                2
            ) AS `t37`
              ON `t19`.`account_id` = `t37`.`account_id`
              AND `t31`.`state_start` = `t37`.`state_start`
            LEFT OUTER JOIN (
              SELECT
                `t20`.`paid_account`,
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
              ) AS `t20`
            ) AS `t27`
              ON `t19`.`account_id` = `t27`.`paid_account`
          ) AS `t38`
        ) AS `t39`
      ) AS `t40`
    ) AS `t41`
  ) AS `t42`
  GROUP BY
    1,
    2
), `t56` AS (
  SELECT
    `t51`.`period_start`,
    `t51`.`segment`,
    ieee_divide(
      CAST(SUM(`t51`.`_num`) AS FLOAT64),
      IF(
        CAST(SUM(`t51`.`_den`) AS FLOAT64) = 0,
        CAST(NULL AS FLOAT64),
        CAST(SUM(`t51`.`_den`) AS FLOAT64)
      )
    ) AS `value`
  FROM (
    SELECT
      `t50`.*
      EXCEPT (`dim_account_id`)
    FROM (
      SELECT
        `t48`.`account_id`,
        `t48`.`period_start`,
        `t48`.`start_mrr`,
        `t48`.`end_mrr`,
        `t48`.`new`,
        `t48`.`expansion`,
        `t48`.`contraction`,
        `t48`.`churn`,
        `t48`.`reactivation`,
        `t48`.`churned`,
        `t48`.`acquired`,
        `t48`.`reactivated`,
        `t48`.`_num`,
        `t48`.`_den`,
        `t9`.`dim_account_id`,
        `t9`.`segment`
      FROM (
        SELECT
          `t44`.`account_id`,
          `t44`.`period_start`,
          `t44`.`start_mrr`,
          `t44`.`end_mrr`,
          `t44`.`new`,
          `t44`.`expansion`,
          `t44`.`contraction`,
          `t44`.`churn`,
          `t44`.`reactivation`,
          `t44`.`churned`,
          `t44`.`acquired`,
          `t44`.`reactivated`,
          IF((
            `t44`.`start_mrr` > 0
          ) AND (
            `t44`.`end_mrr` = 0
          ), 1, 0) AS `_num`,
          IF(`t44`.`start_mrr` > 0, 1, 0) AS `_den`
        FROM `t43` AS `t44`
        WHERE
          `t44`.`period_start` >= DATE(2026, 5, 1)
          AND `t44`.`period_start` < DATE(2026, 11, 1)
      ) AS `t48`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t9`
        ON `t48`.`account_id` = `t9`.`dim_account_id`
    ) AS `t50`
  ) AS `t51`
  GROUP BY
    1,
    2
), `t69` AS (
  SELECT
    `t68`.`period_start`,
    `t68`.`segment`,
    ieee_divide(`t34`.`value`, IF(`t68`.`value` = 0, CAST(NULL AS FLOAT64), `t68`.`value`)) AS `value`
  FROM (
    SELECT
      `t66`.`period_start`,
      `t66`.`segment`,
      IF(
        IF(
          DATE_ADD(`t66`.`period_start`, INTERVAL 1 MONTH) > DATE(2026, 11, 1),
          ieee_divide(CAST(DATE_DIFF(DATE(2026, 11, 1), `t66`.`period_start`, DAY) AS FLOAT64), 30.4375),
          1.0
        ) = 1,
        `t66`.`value`,
        1 - (
          POWER(
            (
              1 - `t66`.`value`
            ),
            ieee_divide(
              1,
              IF(
                DATE_ADD(`t66`.`period_start`, INTERVAL 1 MONTH) > DATE(2026, 11, 1),
                ieee_divide(CAST(DATE_DIFF(DATE(2026, 11, 1), `t66`.`period_start`, DAY) AS FLOAT64), 30.4375),
                1.0
              )
            )
          )
        )
      ) AS `value`
    FROM (
      SELECT
        `t25`.`period_start`,
        `t65`.`segment`,
        `t63`.`value`
      FROM (
        SELECT
          DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t11`.`i` * 1) MONTH) AS `period_start`
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
        ) AS `t11`
      ) AS `t25`
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
              `t57`.`segment`
            FROM `t56` AS `t57`
          ) AS `t59`
        ) AS `t62`
      ) AS `t65`
      LEFT OUTER JOIN (
        SELECT
          *
        FROM `t56` AS `t57`
      ) AS `t63`
        ON `t25`.`period_start` = `t63`.`period_start`
        AND `t65`.`segment` IS NOT DISTINCT FROM `t63`.`segment`
    ) AS `t66`
  ) AS `t68`
  LEFT OUTER JOIN (
    SELECT
      `t28`.`period_start`,
      `t28`.`segment`,
      ieee_divide(
        `t28`.`value`,
        IF(
          DATE_ADD(`t28`.`period_start`, INTERVAL 1 MONTH) > DATE(2026, 11, 1),
          ieee_divide(CAST(DATE_DIFF(DATE(2026, 11, 1), `t28`.`period_start`, DAY) AS FLOAT64), 30.4375),
          1.0
        )
      ) AS `value`
    FROM (
      SELECT
        `t26`.`period_start`,
        `t26`.`segment`,
        ieee_divide(SUM(`t26`.`amount`), COUNT(DISTINCT `t26`.`account_id`)) AS `value`
      FROM (
        SELECT
          `t22`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t17`.`invoice_id`,
            `t17`.`account_id`,
            `t17`.`issued_at`,
            `t17`.`amount`,
            `t17`.`kind`,
            `t17`.`period_start`,
            `t9`.`dim_account_id`,
            `t9`.`segment`
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
          ) AS `t17`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t9`
            ON `t17`.`account_id` = `t9`.`dim_account_id`
        ) AS `t22`
      ) AS `t26`
      GROUP BY
        1,
        2
    ) AS `t28`
  ) AS `t34`
    ON `t68`.`period_start` = `t34`.`period_start`
    AND `t68`.`segment` IS NOT DISTINCT FROM `t34`.`segment`
), `t79` AS (
  SELECT
    `t61`.`period_start`,
    `t61`.`segment`,
    ieee_divide(`t78`.`value`, IF(`t61`.`value` = 0, CAST(NULL AS FLOAT64), `t61`.`value`)) AS `value`
  FROM (
    SELECT
      `t55`.`period_start`,
      `t55`.`segment`,
      AVG(`t55`.`cost`) AS `value`
    FROM (
      SELECT
        `t54`.*
        EXCEPT (`dim_account_id`)
      FROM (
        SELECT
          `t53`.`account_id`,
          `t53`.`period_start`,
          `t53`.`start_mrr`,
          `t53`.`end_mrr`,
          `t53`.`new`,
          `t53`.`expansion`,
          `t53`.`contraction`,
          `t53`.`churn`,
          `t53`.`reactivation`,
          `t53`.`churned`,
          `t53`.`acquired`,
          `t53`.`reactivated`,
          `t53`.`cost_account`,
          `t53`.`cost`,
          `t9`.`dim_account_id`,
          `t9`.`segment`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t46`.`account_id`,
              `t46`.`period_start`,
              `t46`.`start_mrr`,
              `t46`.`end_mrr`,
              `t46`.`new`,
              `t46`.`expansion`,
              `t46`.`contraction`,
              `t46`.`churn`,
              `t46`.`reactivation`,
              `t46`.`churned`,
              `t46`.`acquired`,
              `t46`.`reactivated`,
              `t16`.`cost_account`,
              `t16`.`cost`
            FROM (
              SELECT
                *
              FROM `t43` AS `t44`
              WHERE
                `t44`.`acquired` = 1
            ) AS `t46`
            INNER JOIN (
              SELECT
                `t0`.`account_id` AS `cost_account`,
                IF(IS_NAN(`t0`.`acquisition_cost`), CAST(NULL AS FLOAT64), `t0`.`acquisition_cost`) AS `cost`
              FROM `accounts` AS `t0`
            ) AS `t16`
              ON `t46`.`account_id` = `t16`.`cost_account`
          ) AS `t49`
          WHERE
            `t49`.`period_start` >= DATE(2026, 5, 1)
            AND `t49`.`period_start` < DATE(2026, 11, 1)
        ) AS `t53`
        LEFT OUTER JOIN (
          SELECT
            `t0`.`account_id` AS `dim_account_id`,
            `t0`.`segment`
          FROM `accounts` AS `t0`
        ) AS `t9`
          ON `t53`.`account_id` = `t9`.`dim_account_id`
      ) AS `t54`
    ) AS `t55`
    GROUP BY
      1,
      2
  ) AS `t61`
  LEFT OUTER JOIN (
    SELECT
      `t25`.`period_start`,
      `t76`.`segment`,
      `t74`.`value`
    FROM (
      SELECT
        DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t11`.`i` * 1) MONTH) AS `period_start`
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
      ) AS `t11`
    ) AS `t25`
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
            `t70`.`segment`
          FROM `t69` AS `t70`
        ) AS `t71`
      ) AS `t72`
    ) AS `t76`
    LEFT OUTER JOIN (
      SELECT
        `t70`.`period_start`,
        `t70`.`segment`,
        `t70`.`value` * 1.0 AS `value`
      FROM `t69` AS `t70`
    ) AS `t74`
      ON `t25`.`period_start` = `t74`.`period_start`
      AND `t76`.`segment` IS NOT DISTINCT FROM `t74`.`segment`
  ) AS `t78`
    ON `t61`.`period_start` = `t78`.`period_start`
    AND `t61`.`segment` IS NOT DISTINCT FROM `t78`.`segment`
)
SELECT
  `t25`.`period_start`,
  `t86`.`segment`,
  `t84`.`value`
FROM (
  SELECT
    DATE_ADD(DATE(2026, 5, 1), INTERVAL (`t11`.`i` * 1) MONTH) AS `period_start`
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
  ) AS `t11`
) AS `t25`
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
        `t80`.`segment`
      FROM `t79` AS `t80`
    ) AS `t81`
  ) AS `t83`
) AS `t86`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t79` AS `t80`
) AS `t84`
  ON `t25`.`period_start` = `t84`.`period_start`
  AND `t86`.`segment` IS NOT DISTINCT FROM `t84`.`segment`

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
    DATE_SUB(DATE_ADD(`t22`.`state_start`, INTERVAL 1 MONTH), INTERVAL '1' DAY) AS `last_day`
  FROM (
    SELECT
      DATE_ADD(DATE(2023, 5, 1), INTERVAL (`t15`.`i` * 1) MONTH) AS `state_start`
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
    ) AS `t15`
  ) AS `t22`
), `t37` AS (
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
        `t34`.`account_id`,
        `t34`.`state_start`,
        `t34`.`mrr`,
        COALESCE(
          LAG(`t34`.`mrr`) OVER (PARTITION BY `t34`.`account_id` ORDER BY `t34`.`state_start` ASC),
          0.0
        ) AS `prev_mrr`,
        SUM(IF(`t34`.`mrr` > 0, 1, 0)) OVER (
          PARTITION BY `t34`.`account_id`
          ORDER BY `t34`.`state_start` ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - IF(`t34`.`mrr` > 0, 1, 0) AS `active_before`
      FROM (
        SELECT
          `t19`.`account_id`,
          `t28`.`state_start`,
          COALESCE(`t33`.`snap_mrr`, 0.0) AS `mrr`
        FROM (
          SELECT
            `t10`.`account_id`,
            MIN(`t10`.`start_date`) AS `first_day`
          FROM `t6` AS `t10`
          GROUP BY
            1
        ) AS `t19`
        INNER JOIN `t25` AS `t28`
          ON `t19`.`first_day` <= `t28`.`last_day`
        LEFT OUTER JOIN (
          SELECT
            `t31`.`account_id`,
            `t31`.`state_start`,
            SUM(`t31`.`mrr`) AS `snap_mrr`
          FROM (
            SELECT
              `t29`.`state_start`,
              `t29`.`last_day`,
              `t14`.`subscription_id`,
              `t14`.`account_id`,
              `t14`.`start_date`,
              `t14`.`end_date`,
              `t14`.`mrr`,
              `t14`.`plan`
            FROM `t25` AS `t29`
            INNER JOIN `t6` AS `t14`
              ON `t14`.`start_date` <= `t29`.`last_day`
              AND (
                (
                  `t14`.`end_date` IS NULL
                ) OR (
                  `t14`.`end_date` > `t29`.`last_day`
                )
              )
          ) AS `t31`
          GROUP BY
            1,
            2
        ) AS `t33`
          ON `t19`.`account_id` = `t33`.`account_id`
          AND `t28`.`state_start` = `t33`.`state_start`
      ) AS `t34`
    ) AS `t35`
  ) AS `t36`
  GROUP BY
    1,
    2
), `t56` AS (
  SELECT
    `t30`.`period_start`,
    `t30`.`segment`,
    ieee_divide(`t30`.`value`, IF(`t53`.`churn` = 0, CAST(NULL AS FLOAT64), `t53`.`churn`)) * 1.0 AS `value`
  FROM (
    SELECT
      `t24`.`period_start`,
      `t24`.`segment`,
      ieee_divide(ieee_divide(SUM(`t24`.`amount`), COUNT(DISTINCT `t24`.`account_id`)), 1.0) AS `value`
    FROM (
      SELECT
        `t21`.*
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
      ) AS `t21`
    ) AS `t24`
    GROUP BY
      1,
      2
  ) AS `t30`
  LEFT OUTER JOIN (
    SELECT
      `t50`.`period_start`,
      `t50`.`segment`,
      `t50`.`value` AS `churn`
    FROM (
      SELECT
        `t45`.`period_start`,
        `t45`.`segment`,
        ieee_divide(
          CAST(SUM(`t45`.`_num`) AS FLOAT64),
          IF(
            CAST(SUM(`t45`.`_den`) AS FLOAT64) = 0,
            CAST(NULL AS FLOAT64),
            CAST(SUM(`t45`.`_den`) AS FLOAT64)
          )
        ) AS `value`
      FROM (
        SELECT
          `t44`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t42`.`account_id`,
            `t42`.`period_start`,
            `t42`.`start_mrr`,
            `t42`.`end_mrr`,
            `t42`.`new`,
            `t42`.`expansion`,
            `t42`.`contraction`,
            `t42`.`churn`,
            `t42`.`reactivation`,
            `t42`.`churned`,
            `t42`.`acquired`,
            `t42`.`reactivated`,
            `t42`.`_num`,
            `t42`.`_den`,
            `t9`.`dim_account_id`,
            `t9`.`segment`
          FROM (
            SELECT
              `t38`.`account_id`,
              `t38`.`period_start`,
              `t38`.`start_mrr`,
              `t38`.`end_mrr`,
              `t38`.`new`,
              `t38`.`expansion`,
              `t38`.`contraction`,
              `t38`.`churn`,
              `t38`.`reactivation`,
              `t38`.`churned`,
              `t38`.`acquired`,
              `t38`.`reactivated`,
              IF((
                `t38`.`start_mrr` > 0
              ) AND (
                `t38`.`end_mrr` = 0
              ), 1, 0) AS `_num`,
              IF(`t38`.`start_mrr` > 0, 1, 0) AS `_den`
            FROM `t37` AS `t38`
            WHERE
              `t38`.`period_start` >= DATE(2026, 5, 1)
              AND `t38`.`period_start` < DATE(2026, 11, 1)
          ) AS `t42`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t9`
            ON `t42`.`account_id` = `t9`.`dim_account_id`
        ) AS `t44`
      ) AS `t45`
      GROUP BY
        1,
        2
    ) AS `t50`
  ) AS `t53`
    ON `t30`.`period_start` = `t53`.`period_start`
    AND `t30`.`segment` IS NOT DISTINCT FROM `t53`.`segment`
), `t64` AS (
  SELECT
    `t23`.`period_start`,
    `t63`.`segment`,
    ieee_divide(`t61`.`value`, IF(`t55`.`cac` = 0, CAST(NULL AS FLOAT64), `t55`.`cac`)) AS `value`
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
          `t57`.`segment`
        FROM `t56` AS `t57`
      ) AS `t58`
    ) AS `t60`
  ) AS `t63`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM `t56` AS `t57`
  ) AS `t61`
    ON `t23`.`period_start` = `t61`.`period_start`
    AND `t63`.`segment` IS NOT DISTINCT FROM `t61`.`segment`
  LEFT OUTER JOIN (
    SELECT
      `t52`.`period_start`,
      `t52`.`segment`,
      `t52`.`value` AS `cac`
    FROM (
      SELECT
        `t49`.`period_start`,
        `t49`.`segment`,
        AVG(`t49`.`cost`) AS `value`
      FROM (
        SELECT
          `t48`.*
          EXCEPT (`dim_account_id`)
        FROM (
          SELECT
            `t47`.`account_id`,
            `t47`.`period_start`,
            `t47`.`start_mrr`,
            `t47`.`end_mrr`,
            `t47`.`new`,
            `t47`.`expansion`,
            `t47`.`contraction`,
            `t47`.`churn`,
            `t47`.`reactivation`,
            `t47`.`churned`,
            `t47`.`acquired`,
            `t47`.`reactivated`,
            `t47`.`cost_account`,
            `t47`.`cost`,
            `t9`.`dim_account_id`,
            `t9`.`segment`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t40`.`account_id`,
                `t40`.`period_start`,
                `t40`.`start_mrr`,
                `t40`.`end_mrr`,
                `t40`.`new`,
                `t40`.`expansion`,
                `t40`.`contraction`,
                `t40`.`churn`,
                `t40`.`reactivation`,
                `t40`.`churned`,
                `t40`.`acquired`,
                `t40`.`reactivated`,
                `t16`.`cost_account`,
                `t16`.`cost`
              FROM (
                SELECT
                  *
                FROM `t37` AS `t38`
                WHERE
                  `t38`.`acquired` = 1
              ) AS `t40`
              INNER JOIN (
                SELECT
                  `t0`.`account_id` AS `cost_account`,
                  IF(IS_NAN(`t0`.`acquisition_cost`), CAST(NULL AS FLOAT64), `t0`.`acquisition_cost`) AS `cost`
                FROM `accounts` AS `t0`
              ) AS `t16`
                ON `t40`.`account_id` = `t16`.`cost_account`
            ) AS `t43`
            WHERE
              `t43`.`period_start` >= DATE(2026, 5, 1)
              AND `t43`.`period_start` < DATE(2026, 11, 1)
          ) AS `t47`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t9`
            ON `t47`.`account_id` = `t9`.`dim_account_id`
        ) AS `t48`
      ) AS `t49`
      GROUP BY
        1,
        2
    ) AS `t52`
  ) AS `t55`
    ON `t23`.`period_start` = `t55`.`period_start`
    AND `t63`.`segment` IS NOT DISTINCT FROM `t55`.`segment`
)
SELECT
  `t23`.`period_start`,
  `t71`.`segment`,
  `t69`.`value`
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
        `t65`.`segment`
      FROM `t64` AS `t65`
    ) AS `t66`
  ) AS `t68`
) AS `t71`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t64` AS `t65`
) AS `t69`
  ON `t23`.`period_start` = `t69`.`period_start`
  AND `t71`.`segment` IS NOT DISTINCT FROM `t69`.`segment`

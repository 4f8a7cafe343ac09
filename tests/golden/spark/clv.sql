WITH `t4` AS (
  SELECT
    `t0`.`segment`
  FROM `accounts` AS `t0`
), `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t27` AS (
  SELECT
    `t22`.`state_start`,
    IF(
      (
        `t22`.`state_start` <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            `t22`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      ),
      MAKE_DATE(2026, 11, 24),
      (
        `t22`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
      ) - INTERVAL '1' DAY
    ) AS `last_day`
  FROM (
    SELECT
      MAKE_DATE(2026, 4, 1) + CAST(CONCAT(`t14`.`i` * 1, ' months') AS INTERVAL) AS `state_start`
    FROM (
      SELECT
        `ibis_table_unnest_column_0` AS `i`
      FROM (
        SELECT
          IF(
            (
              1 <> 0
            ) AND (
              SIGN(1) = SIGN(7 - 0)
            ),
            IF(
              ELEMENT_AT(SEQUENCE(0, 7, 1), SIZE(SEQUENCE(0, 7, 1))) = 7,
              SLICE(SEQUENCE(0, 7, 1), 1, SIZE(SEQUENCE(0, 7, 1)) - 1),
              SEQUENCE(0, 7, 1)
            ),
            ARRAY()
          ) AS `i`
      ) AS `t7`
      LATERAL VIEW
      EXPLODE(`t7`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t14`
  ) AS `t22`
), `t46` AS (
  SELECT
    `t45`.`period_start`,
    `t45`.`segment`,
    CAST(SUM(`t45`.`_num`) AS DOUBLE) / IF(
      CAST(SUM(`t45`.`_den`) AS DOUBLE) = 0,
      CAST(NULL AS DOUBLE),
      CAST(SUM(`t45`.`_den`) AS DOUBLE)
    ) AS `value`
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
      `t44`.`_num`,
      `t44`.`_den`,
      `t44`.`segment`
    FROM (
      SELECT
        `t43`.`account_id`,
        `t43`.`period_start`,
        `t43`.`start_mrr`,
        `t43`.`end_mrr`,
        `t43`.`new`,
        `t43`.`expansion`,
        `t43`.`contraction`,
        `t43`.`churn`,
        `t43`.`reactivation`,
        `t43`.`churned`,
        `t43`.`acquired`,
        `t43`.`reactivated`,
        `t43`.`_num`,
        `t43`.`_den`,
        `t9`.`dim_account_id`,
        `t9`.`segment`
      FROM (
        SELECT
          `t41`.`account_id`,
          `t41`.`period_start`,
          `t41`.`start_mrr`,
          `t41`.`end_mrr`,
          `t41`.`new`,
          `t41`.`expansion`,
          `t41`.`contraction`,
          `t41`.`churn`,
          `t41`.`reactivation`,
          `t41`.`churned`,
          `t41`.`acquired`,
          `t41`.`reactivated`,
          IF((
            `t41`.`start_mrr` > 0
          ) AND (
            `t41`.`end_mrr` = 0
          ), 1, 0) AS `_num`,
          IF(`t41`.`start_mrr` > 0, 1, 0) AS `_den`
        FROM (
          SELECT
            `t40`.`account_id`,
            `t40`.`period_start`,
            MAX(IF(`t40`.`is_first`, `t40`.`prev_mrr`, 0.0)) AS `start_mrr`,
            MAX(IF(`t40`.`is_last`, `t40`.`mrr`, 0.0)) AS `end_mrr`,
            SUM(`t40`.`new`) AS `new`,
            SUM(`t40`.`expansion`) AS `expansion`,
            SUM(`t40`.`contraction`) AS `contraction`,
            SUM(`t40`.`churn`) AS `churn`,
            SUM(`t40`.`reactivation`) AS `reactivation`,
            MAX(IF(`t40`.`churn` > 0, 1, 0)) AS `churned`,
            MAX(IF(`t40`.`new` > 0, 1, 0)) AS `acquired`,
            MAX(IF(`t40`.`reactivation` > 0, 1, 0)) AS `reactivated`
          FROM (
            SELECT
              `t39`.`account_id`,
              `t39`.`state_start`,
              `t39`.`mrr`,
              `t39`.`prev_mrr`,
              `t39`.`active_before`,
              IF(
                (
                  `t39`.`mrr` > 0
                )
                AND (
                  `t39`.`prev_mrr` = 0
                )
                AND (
                  `t39`.`active_before` = 0
                ),
                `t39`.`mrr`,
                0.0
              ) AS `new`,
              IF(
                (
                  `t39`.`mrr` > 0
                )
                AND (
                  `t39`.`prev_mrr` = 0
                )
                AND (
                  `t39`.`active_before` > 0
                ),
                `t39`.`mrr`,
                0.0
              ) AS `reactivation`,
              IF(
                (
                  `t39`.`prev_mrr` > 0
                ) AND (
                  `t39`.`mrr` > `t39`.`prev_mrr`
                ),
                `t39`.`mrr` - `t39`.`prev_mrr`,
                0.0
              ) AS `expansion`,
              IF(
                (
                  `t39`.`prev_mrr` > 0
                )
                AND (
                  `t39`.`mrr` > 0
                )
                AND (
                  `t39`.`mrr` < `t39`.`prev_mrr`
                ),
                `t39`.`prev_mrr` - `t39`.`mrr`,
                0.0
              ) AS `contraction`,
              IF((
                `t39`.`prev_mrr` > 0
              ) AND (
                `t39`.`mrr` = 0
              ), `t39`.`prev_mrr`, 0.0) AS `churn`,
              DATE_TRUNC('month', `t39`.`state_start`) AS `period_start`,
              DATE_TRUNC('month', `t39`.`state_start` - CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t39`.`state_start`) AS `is_first`,
              DATE_TRUNC('month', `t39`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t39`.`state_start`) AS `is_last`
            FROM (
              SELECT
                `t38`.`account_id`,
                `t38`.`state_start`,
                `t38`.`mrr`,
                `t38`.`prev_mrr`,
                `t38`.`active_before`
              FROM (
                SELECT
                  `t37`.`account_id`,
                  `t37`.`state_start`,
                  `t37`.`mrr`,
                  `t37`.`paid_earlier`,
                  COALESCE(
                    LAG(`t37`.`mrr`) OVER (PARTITION BY `t37`.`account_id` ORDER BY `t37`.`state_start` ASC NULLS LAST),
                    0.0
                  ) AS `prev_mrr`,
                  (
                    SUM(IF(`t37`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t37`.`account_id`
                      ORDER BY `t37`.`state_start` ASC NULLS LAST
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - IF(`t37`.`mrr` > 0, 1, 0)
                  ) + COALESCE(`t37`.`paid_earlier`, 0) AS `active_before`
                FROM (
                  SELECT
                    `t36`.`account_id`,
                    `t36`.`state_start`,
                    `t36`.`mrr`,
                    `t36`.`paid_earlier`
                  FROM (
                    SELECT
                      `t17`.`account_id`,
                      `t29`.`state_start`,
                      COALESCE(`t35`.`snap_mrr`, 0.0) AS `mrr`,
                      `t25`.`paid_account`,
                      `t25`.`paid_earlier`
                    FROM (
                      SELECT
                        `t10`.`account_id`,
                        MIN(`t10`.`start_date`) AS `first_day`
                      FROM `t6` AS `t10`
                      GROUP BY
                        1
                    ) AS `t17`
                    INNER JOIN `t27` AS `t29`
                      ON `t17`.`first_day` <= `t29`.`last_day`
                    LEFT OUTER JOIN (
                      SELECT
                        `t33`.`account_id`,
                        `t33`.`state_start`,
                        SUM(`t33`.`mrr`) AS `snap_mrr`
                      FROM (
                        SELECT
                          `t30`.`state_start`,
                          `t30`.`last_day`,
                          `t13`.`subscription_id`,
                          `t13`.`account_id`,
                          `t13`.`start_date`,
                          `t13`.`end_date`,
                          `t13`.`mrr`,
                          `t13`.`plan`
                        FROM `t27` AS `t30`
                        INNER JOIN `t6` AS `t13`
                          ON `t13`.`start_date` <= `t30`.`last_day`
                          AND (
                            (
                              `t13`.`end_date` IS NULL
                            ) OR (
                              `t13`.`end_date` > `t30`.`last_day`
                            )
                          )
                      ) AS `t33`
                      GROUP BY
                        1,
                        2
                    ) AS `t35`
                      ON `t17`.`account_id` = `t35`.`account_id`
                      AND `t29`.`state_start` = `t35`.`state_start`
                    LEFT OUTER JOIN (
                      SELECT
                        `t18`.`paid_account`,
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
                                `t2`.`end_date` <= MAKE_DATE(2026, 11, 24),
                                DATE_TRUNC('month', `t2`.`end_date`),
                                GREATEST(
                                  DATE_TRUNC('month', `t2`.`end_date`),
                                  DATE_TRUNC('month', MAKE_DATE(2026, 11, 24)) + CAST(CONCAT(1, ' months') AS INTERVAL)
                                )
                              ) > IF(
                                `t2`.`start_date` <= MAKE_DATE(2026, 11, 24),
                                DATE_TRUNC('month', `t2`.`start_date`),
                                GREATEST(
                                  DATE_TRUNC('month', `t2`.`start_date`),
                                  DATE_TRUNC('month', MAKE_DATE(2026, 11, 24)) + CAST(CONCAT(1, ' months') AS INTERVAL)
                                )
                              )
                            )
                          )
                          AND IF(
                            `t2`.`start_date` <= MAKE_DATE(2026, 11, 24),
                            DATE_TRUNC('month', `t2`.`start_date`),
                            GREATEST(
                              DATE_TRUNC('month', `t2`.`start_date`),
                              DATE_TRUNC('month', MAKE_DATE(2026, 11, 24)) + CAST(CONCAT(1, ' months') AS INTERVAL)
                            )
                          ) < DATE_TRUNC('month', MAKE_DATE(2026, 4, 30))
                      ) AS `t18`
                    ) AS `t25`
                      ON `t17`.`account_id` = `t25`.`paid_account`
                  ) AS `t36`
                ) AS `t37`
              ) AS `t38`
            ) AS `t39`
          ) AS `t40`
          GROUP BY
            1,
            2
        ) AS `t41`
        WHERE
          `t41`.`period_start` >= MAKE_DATE(2026, 5, 1)
          AND `t41`.`period_start` < MAKE_DATE(2026, 11, 1)
      ) AS `t43`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t9`
        ON `t43`.`account_id` = `t9`.`dim_account_id`
    ) AS `t44`
  ) AS `t45`
  GROUP BY
    1,
    2
), `t57` AS (
  SELECT
    `t56`.`period_start`,
    `t56`.`segment`,
    `t32`.`value` / IF(`t56`.`value` = 0, CAST(NULL AS DOUBLE), `t56`.`value`) AS `value`
  FROM (
    SELECT
      `t54`.`period_start`,
      `t54`.`segment`,
      IF(
        IF(
          (
            `t54`.`period_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
          ) > MAKE_DATE(2026, 11, 1),
          CAST(DATEDIFF(DAY, `t54`.`period_start`, MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375,
          1.0
        ) = 1,
        `t54`.`value`,
        1 - (
          POWER(
            (
              1 - `t54`.`value`
            ),
            (
              1 / IF(
                (
                  `t54`.`period_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
                ) > MAKE_DATE(2026, 11, 1),
                CAST(DATEDIFF(DAY, `t54`.`period_start`, MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375,
                1.0
              )
            )
          )
        )
      ) AS `value`
    FROM (
      SELECT
        `t23`.`period_start`,
        `t53`.`segment`,
        `t51`.`value`
      FROM (
        SELECT
          MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t11`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
        FROM (
          SELECT
            `ibis_table_unnest_column_1` AS `i`
          FROM (
            SELECT
              IF(
                (
                  1 <> 0
                ) AND (
                  SIGN(1) = SIGN(6 - 0)
                ),
                IF(
                  ELEMENT_AT(SEQUENCE(0, 6, 1), SIZE(SEQUENCE(0, 6, 1))) = 6,
                  SLICE(SEQUENCE(0, 6, 1), 1, SIZE(SEQUENCE(0, 6, 1)) - 1),
                  SEQUENCE(0, 6, 1)
                ),
                ARRAY()
              ) AS `i`
          ) AS `t3`
          LATERAL VIEW
          EXPLODE(`t3`.`i`) AS `ibis_table_unnest_column_1`
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
              `t47`.`segment`
            FROM `t46` AS `t47`
          ) AS `t48`
        ) AS `t50`
      ) AS `t53`
      LEFT OUTER JOIN (
        SELECT
          *
        FROM `t46` AS `t47`
      ) AS `t51`
        ON `t23`.`period_start` = `t51`.`period_start`
        AND `t53`.`segment` IS NOT DISTINCT FROM `t51`.`segment`
    ) AS `t54`
  ) AS `t56`
  LEFT OUTER JOIN (
    SELECT
      `t26`.`period_start`,
      `t26`.`segment`,
      `t26`.`value` / IF(
        (
          `t26`.`period_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
        ) > MAKE_DATE(2026, 11, 1),
        CAST(DATEDIFF(DAY, `t26`.`period_start`, MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375,
        1.0
      ) AS `value`
    FROM (
      SELECT
        `t24`.`period_start`,
        `t24`.`segment`,
        SUM(`t24`.`amount`) / COUNT(DISTINCT `t24`.`account_id`) AS `value`
      FROM (
        SELECT
          `t20`.`invoice_id`,
          `t20`.`account_id`,
          `t20`.`issued_at`,
          `t20`.`amount`,
          `t20`.`kind`,
          `t20`.`period_start`,
          `t20`.`segment`
        FROM (
          SELECT
            `t15`.`invoice_id`,
            `t15`.`account_id`,
            `t15`.`issued_at`,
            `t15`.`amount`,
            `t15`.`kind`,
            `t15`.`period_start`,
            `t9`.`dim_account_id`,
            `t9`.`segment`
          FROM (
            SELECT
              `t1`.`invoice_id`,
              `t1`.`account_id`,
              `t1`.`issued_at`,
              `t1`.`amount`,
              `t1`.`kind`,
              CAST(DATE_TRUNC('month', `t1`.`issued_at`) AS DATE) AS `period_start`
            FROM `invoices` AS `t1`
            WHERE
              `t1`.`issued_at` >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND `t1`.`issued_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
          ) AS `t15`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`account_id` AS `dim_account_id`,
              `t0`.`segment`
            FROM `accounts` AS `t0`
          ) AS `t9`
            ON `t15`.`account_id` = `t9`.`dim_account_id`
        ) AS `t20`
      ) AS `t24`
      GROUP BY
        1,
        2
    ) AS `t26`
  ) AS `t32`
    ON `t56`.`period_start` = `t32`.`period_start`
    AND `t56`.`segment` IS NOT DISTINCT FROM `t32`.`segment`
)
SELECT
  `t23`.`period_start`,
  `t64`.`segment`,
  `t62`.`value`
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t11`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
  FROM (
    SELECT
      `ibis_table_unnest_column_1` AS `i`
    FROM (
      SELECT
        IF(
          (
            1 <> 0
          ) AND (
            SIGN(1) = SIGN(6 - 0)
          ),
          IF(
            ELEMENT_AT(SEQUENCE(0, 6, 1), SIZE(SEQUENCE(0, 6, 1))) = 6,
            SLICE(SEQUENCE(0, 6, 1), 1, SIZE(SEQUENCE(0, 6, 1)) - 1),
            SEQUENCE(0, 6, 1)
          ),
          ARRAY()
        ) AS `i`
    ) AS `t3`
    LATERAL VIEW
    EXPLODE(`t3`.`i`) AS `ibis_table_unnest_column_1`
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
        `t58`.`segment`
      FROM `t57` AS `t58`
    ) AS `t59`
  ) AS `t60`
) AS `t64`
LEFT OUTER JOIN (
  SELECT
    `t58`.`period_start`,
    `t58`.`segment`,
    `t58`.`value` * 1.0 AS `value`
  FROM `t57` AS `t58`
) AS `t62`
  ON `t23`.`period_start` = `t62`.`period_start`
  AND `t64`.`segment` IS NOT DISTINCT FROM `t62`.`segment`

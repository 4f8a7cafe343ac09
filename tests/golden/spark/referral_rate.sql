WITH `t6` AS (
  SELECT
    *
  FROM `subscriptions` AS `t2`
), `t20` AS (
  SELECT
    `t18`.`state_start`,
    IF(
      (
        `t18`.`state_start` <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            `t18`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      ),
      MAKE_DATE(2026, 11, 24),
      (
        `t18`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
      ) - INTERVAL '1' DAY
    ) AS `last_day`
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + CAST(CONCAT(`t13`.`i` * 1, ' months') AS INTERVAL) AS `state_start`
    FROM (
      SELECT
        `ibis_table_unnest_column_0` AS `i`
      FROM (
        SELECT
          IF(
            (
              1 <> 0
            ) AND (
              SIGN(1) = SIGN(42 - 0)
            ),
            IF(
              ELEMENT_AT(SEQUENCE(0, 42, 1), SIZE(SEQUENCE(0, 42, 1))) = 42,
              SLICE(SEQUENCE(0, 42, 1), 1, SIZE(SEQUENCE(0, 42, 1)) - 1),
              SEQUENCE(0, 42, 1)
            ),
            ARRAY()
          ) AS `i`
      ) AS `t7`
      LATERAL VIEW
      EXPLODE(`t7`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t13`
  ) AS `t18`
), `t38` AS (
  SELECT
    `t37`.`period_start`,
    `t37`.`segment`,
    CAST(SUM(`t37`.`_num`) AS DOUBLE) / IF(
      CAST(SUM(`t37`.`_den`) AS DOUBLE) = 0,
      CAST(NULL AS DOUBLE),
      CAST(SUM(`t37`.`_den`) AS DOUBLE)
    ) AS `value`
  FROM (
    SELECT
      `t36`.`account_id`,
      `t36`.`period_start`,
      `t36`.`referred`,
      `t36`.`_num`,
      `t36`.`_den`,
      `t36`.`segment`
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
                  DATE_TRUNC('month', `t28`.`state_start`) AS `period_start`,
                  DATE_TRUNC('month', `t28`.`state_start` - CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t28`.`state_start`) AS `is_first`,
                  DATE_TRUNC('month', `t28`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t28`.`state_start`) AS `is_last`
                FROM (
                  SELECT
                    `t27`.`account_id`,
                    `t27`.`state_start`,
                    `t27`.`mrr`,
                    COALESCE(
                      LAG(`t27`.`mrr`) OVER (PARTITION BY `t27`.`account_id` ORDER BY `t27`.`state_start` ASC NULLS LAST),
                      0.0
                    ) AS `prev_mrr`,
                    SUM(IF(`t27`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t27`.`account_id`
                      ORDER BY `t27`.`state_start` ASC NULLS LAST
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
              CAST(DATE_TRUNC('month', `t1`.`referred_at`) AS DATE) AS `referred_in`
            FROM `referrals` AS `t1`
            WHERE
              `t1`.`referred_at` >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND `t1`.`referred_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
          ) AS `t14`
            ON `t32`.`account_id` = `t14`.`referrer`
            AND `t32`.`period_start` = `t14`.`referred_in`
        ) AS `t33`
        WHERE
          `t33`.`period_start` >= MAKE_DATE(2026, 5, 1)
          AND `t33`.`period_start` < MAKE_DATE(2026, 11, 1)
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
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t10`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
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

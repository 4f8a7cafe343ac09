WITH `t5` AS (
  SELECT
    *
  FROM `subscriptions` AS `t1`
), `t20` AS (
  SELECT
    `t17`.`state_start`,
    IF(
      (
        `t17`.`state_start` <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            `t17`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      ),
      MAKE_DATE(2026, 11, 24),
      (
        `t17`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
      ) - INTERVAL '1' DAY
    ) AS `last_day`
  FROM (
    SELECT
      MAKE_DATE(2026, 4, 1) + CAST(CONCAT(`t11`.`i` * 1, ' months') AS INTERVAL) AS `state_start`
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
      ) AS `t6`
      LATERAL VIEW
      EXPLODE(`t6`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t11`
  ) AS `t17`
), `t37` AS (
  SELECT
    `t36`.`period_start`,
    `t36`.`segment`,
    CAST(SUM(`t36`.`_num`) AS DOUBLE) / IF(
      CAST(SUM(`t36`.`_den`) AS DOUBLE) = 0,
      CAST(NULL AS DOUBLE),
      CAST(SUM(`t36`.`_den`) AS DOUBLE)
    ) AS `value`
  FROM (
    SELECT
      `t35`.`account_id`,
      `t35`.`period_start`,
      `t35`.`start_mrr`,
      `t35`.`end_mrr`,
      `t35`.`new`,
      `t35`.`expansion`,
      `t35`.`contraction`,
      `t35`.`churn`,
      `t35`.`reactivation`,
      `t35`.`churned`,
      `t35`.`acquired`,
      `t35`.`reactivated`,
      `t35`.`_num`,
      `t35`.`_den`,
      `t35`.`segment`
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
          IF((
            `t32`.`end_mrr` > 0
          ) AND (
            (
              `t32`.`acquired` + 0
            ) = 0
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
              DATE_TRUNC('month', `t30`.`state_start`) AS `period_start`,
              DATE_TRUNC('month', `t30`.`state_start` - CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t30`.`state_start`) AS `is_first`,
              DATE_TRUNC('month', `t30`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t30`.`state_start`) AS `is_last`
            FROM (
              SELECT
                `t29`.`account_id`,
                `t29`.`state_start`,
                `t29`.`mrr`,
                `t29`.`prev_mrr`,
                `t29`.`active_before`
              FROM (
                SELECT
                  `t28`.`account_id`,
                  `t28`.`state_start`,
                  `t28`.`mrr`,
                  `t28`.`paid_earlier`,
                  COALESCE(
                    LAG(`t28`.`mrr`) OVER (PARTITION BY `t28`.`account_id` ORDER BY `t28`.`state_start` ASC NULLS LAST),
                    0.0
                  ) AS `prev_mrr`,
                  (
                    SUM(IF(`t28`.`mrr` > 0, 1, 0)) OVER (
                      PARTITION BY `t28`.`account_id`
                      ORDER BY `t28`.`state_start` ASC NULLS LAST
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - IF(`t28`.`mrr` > 0, 1, 0)
                  ) + COALESCE(`t28`.`paid_earlier`, 0) AS `active_before`
                FROM (
                  SELECT
                    `t27`.`account_id`,
                    `t27`.`state_start`,
                    `t27`.`mrr`,
                    `t27`.`paid_earlier`
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
                                `t1`.`end_date` <= MAKE_DATE(2026, 11, 24),
                                DATE_TRUNC('month', `t1`.`end_date`),
                                GREATEST(
                                  DATE_TRUNC('month', `t1`.`end_date`),
                                  DATE_TRUNC('month', MAKE_DATE(2026, 11, 24)) + CAST(CONCAT(1, ' months') AS INTERVAL)
                                )
                              ) > IF(
                                `t1`.`start_date` <= MAKE_DATE(2026, 11, 24),
                                DATE_TRUNC('month', `t1`.`start_date`),
                                GREATEST(
                                  DATE_TRUNC('month', `t1`.`start_date`),
                                  DATE_TRUNC('month', MAKE_DATE(2026, 11, 24)) + CAST(CONCAT(1, ' months') AS INTERVAL)
                                )
                              )
                            )
                          )
                          AND IF(
                            `t1`.`start_date` <= MAKE_DATE(2026, 11, 24),
                            DATE_TRUNC('month', `t1`.`start_date`),
                            GREATEST(
                              DATE_TRUNC('month', `t1`.`start_date`),
                              DATE_TRUNC('month', MAKE_DATE(2026, 11, 24)) + CAST(CONCAT(1, ' months') AS INTERVAL)
                            )
                          ) < DATE_TRUNC('month', MAKE_DATE(2026, 4, 30))
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
          `t32`.`period_start` >= MAKE_DATE(2026, 5, 1)
          AND `t32`.`period_start` < MAKE_DATE(2026, 11, 1)
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
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t9`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
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
    ) AS `t2`
    LATERAL VIEW
    EXPLODE(`t2`.`i`) AS `ibis_table_unnest_column_1`
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

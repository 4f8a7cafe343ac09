WITH `t5` AS (
  SELECT
    *
  FROM `subscriptions` AS `t1`
), `t17` AS (
  SELECT
    `t15`.`state_start`,
    IF(
      (
        `t15`.`state_start` <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            `t15`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      ),
      MAKE_DATE(2026, 11, 24),
      (
        `t15`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)
      ) - INTERVAL '1' DAY
    ) AS `last_day`
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + CAST(CONCAT(`t11`.`i` * 1, ' months') AS INTERVAL) AS `state_start`
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
      ) AS `t6`
      LATERAL VIEW
      EXPLODE(`t6`.`i`) AS `ibis_table_unnest_column_0`
    ) AS `t11`
  ) AS `t15`
), `t32` AS (
  SELECT
    `t31`.`period_start`,
    `t31`.`segment`,
    SUM(`t31`.`_num`) / IF(SUM(`t31`.`_den`) = 0, CAST(NULL AS DOUBLE), SUM(`t31`.`_den`)) AS `value`
  FROM (
    SELECT
      `t30`.`account_id`,
      `t30`.`period_start`,
      `t30`.`start_mrr`,
      `t30`.`end_mrr`,
      `t30`.`new`,
      `t30`.`expansion`,
      `t30`.`contraction`,
      `t30`.`churn`,
      `t30`.`reactivation`,
      `t30`.`churned`,
      `t30`.`acquired`,
      `t30`.`reactivated`,
      `t30`.`_num`,
      `t30`.`_den`,
      `t30`.`segment`
    FROM (
      SELECT
        `t29`.`account_id`,
        `t29`.`period_start`,
        `t29`.`start_mrr`,
        `t29`.`end_mrr`,
        `t29`.`new`,
        `t29`.`expansion`,
        `t29`.`contraction`,
        `t29`.`churn`,
        `t29`.`reactivation`,
        `t29`.`churned`,
        `t29`.`acquired`,
        `t29`.`reactivated`,
        `t29`.`_num`,
        `t29`.`_den`,
        `t7`.`dim_account_id`,
        `t7`.`segment`
      FROM (
        SELECT
          `t27`.`account_id`,
          `t27`.`period_start`,
          `t27`.`start_mrr`,
          `t27`.`end_mrr`,
          `t27`.`new`,
          `t27`.`expansion`,
          `t27`.`contraction`,
          `t27`.`churn`,
          `t27`.`reactivation`,
          `t27`.`churned`,
          `t27`.`acquired`,
          `t27`.`reactivated`,
          `t27`.`new` + `t27`.`expansion` + `t27`.`reactivation` AS `_num`,
          `t27`.`churn` + `t27`.`contraction` AS `_den`
        FROM (
          SELECT
            `t26`.`account_id`,
            `t26`.`period_start`,
            MAX(IF(`t26`.`is_first`, `t26`.`prev_mrr`, 0.0)) AS `start_mrr`,
            MAX(IF(`t26`.`is_last`, `t26`.`mrr`, 0.0)) AS `end_mrr`,
            SUM(`t26`.`new`) AS `new`,
            SUM(`t26`.`expansion`) AS `expansion`,
            SUM(`t26`.`contraction`) AS `contraction`,
            SUM(`t26`.`churn`) AS `churn`,
            SUM(`t26`.`reactivation`) AS `reactivation`,
            MAX(IF(`t26`.`churn` > 0, 1, 0)) AS `churned`,
            MAX(IF(`t26`.`new` > 0, 1, 0)) AS `acquired`,
            MAX(IF(`t26`.`reactivation` > 0, 1, 0)) AS `reactivated`
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
              DATE_TRUNC('month', `t25`.`state_start`) AS `period_start`,
              DATE_TRUNC('month', `t25`.`state_start` - CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t25`.`state_start`) AS `is_first`,
              DATE_TRUNC('month', `t25`.`state_start` + CAST(CONCAT(1, ' months') AS INTERVAL)) <> DATE_TRUNC('month', `t25`.`state_start`) AS `is_last`
            FROM (
              SELECT
                `t24`.`account_id`,
                `t24`.`state_start`,
                `t24`.`mrr`,
                COALESCE(
                  LAG(`t24`.`mrr`) OVER (PARTITION BY `t24`.`account_id` ORDER BY `t24`.`state_start` ASC NULLS LAST),
                  0.0
                ) AS `prev_mrr`,
                SUM(IF(`t24`.`mrr` > 0, 1, 0)) OVER (
                  PARTITION BY `t24`.`account_id`
                  ORDER BY `t24`.`state_start` ASC NULLS LAST
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
          ) AS `t26`
          GROUP BY
            1,
            2
        ) AS `t27`
        WHERE
          `t27`.`period_start` >= MAKE_DATE(2026, 5, 1)
          AND `t27`.`period_start` < MAKE_DATE(2026, 11, 1)
      ) AS `t29`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t7`
        ON `t29`.`account_id` = `t7`.`dim_account_id`
    ) AS `t30`
  ) AS `t31`
  GROUP BY
    1,
    2
)
SELECT
  `t16`.`period_start`,
  `t39`.`segment`,
  `t37`.`value`
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
        `t33`.`segment`
      FROM `t32` AS `t33`
    ) AS `t34`
  ) AS `t36`
) AS `t39`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t32` AS `t33`
) AS `t37`
  ON `t16`.`period_start` = `t37`.`period_start`
  AND `t39`.`segment` IS NOT DISTINCT FROM `t37`.`segment`

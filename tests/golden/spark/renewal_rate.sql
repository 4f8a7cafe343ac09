WITH `t19` AS (
  SELECT
    `t18`.`period_start`,
    `t18`.`segment`,
    CAST(SUM(`t18`.`_num`) AS DOUBLE) / IF(
      CAST(SUM(`t18`.`_den`) AS DOUBLE) = 0,
      CAST(NULL AS DOUBLE),
      CAST(SUM(`t18`.`_den`) AS DOUBLE)
    ) AS `value`
  FROM (
    SELECT
      `t17`.`contract_id`,
      `t17`.`account_id`,
      `t17`.`start_date`,
      `t17`.`end_date`,
      `t17`.`term_years`,
      `t17`.`annual_value`,
      `t17`.`annual_one_time`,
      `t17`.`renewed`,
      `t17`.`renewals`,
      `t17`.`renewal_annual_value`,
      `t17`.`_num`,
      `t17`.`_den`,
      `t17`.`period_start`,
      `t17`.`segment`
    FROM (
      SELECT
        `t16`.`contract_id`,
        `t16`.`account_id`,
        `t16`.`start_date`,
        `t16`.`end_date`,
        `t16`.`term_years`,
        `t16`.`annual_value`,
        `t16`.`annual_one_time`,
        `t16`.`renewed`,
        `t16`.`renewals`,
        `t16`.`renewal_annual_value`,
        `t16`.`_num`,
        `t16`.`_den`,
        `t16`.`period_start`,
        `t5`.`dim_account_id`,
        `t5`.`segment`
      FROM (
        SELECT
          `t14`.`contract_id`,
          `t14`.`account_id`,
          `t14`.`start_date`,
          `t14`.`end_date`,
          `t14`.`term_years`,
          `t14`.`annual_value`,
          `t14`.`annual_one_time`,
          `t14`.`renewed`,
          `t14`.`renewals`,
          `t14`.`renewal_annual_value`,
          IF(`t14`.`renewed`, 1, 0) AS `_num`,
          1 AS `_den`,
          DATE_TRUNC('month', `t14`.`end_date`) AS `period_start`
        FROM (
          SELECT
            `t11`.`contract_id`,
            `t11`.`account_id`,
            `t11`.`start_date`,
            `t11`.`end_date`,
            `t11`.`term_years`,
            `t11`.`annual_value`,
            `t11`.`annual_one_time`,
            `t13`.`renewals` IS NOT NULL AS `renewed`,
            COALESCE(`t13`.`renewals`, 0) AS `renewals`,
            COALESCE(`t13`.`renewal_annual_value`, 0.0) AS `renewal_annual_value`
          FROM (
            SELECT
              `t1`.`contract_id`,
              `t1`.`account_id`,
              `t1`.`start_date`,
              `t1`.`end_date`,
              `t1`.`recurring_value`,
              IF(ISNAN(`t1`.`one_time_value`), CAST(NULL AS DOUBLE), `t1`.`one_time_value`) AS `one_time_value`,
              `t1`.`renewal_of`,
              (
                (
                  (
                    EXTRACT(year FROM `t1`.`end_date`) - EXTRACT(year FROM `t1`.`start_date`)
                  ) * 12
                ) + (
                  EXTRACT(month FROM `t1`.`end_date`) - EXTRACT(month FROM `t1`.`start_date`)
                ) + (
                  (
                    EXTRACT(day FROM `t1`.`end_date`) - EXTRACT(day FROM `t1`.`start_date`)
                  ) / 30.4375
                )
              ) / 12 AS `term_years`,
              `t1`.`recurring_value` / (
                (
                  (
                    (
                      EXTRACT(year FROM `t1`.`end_date`) - EXTRACT(year FROM `t1`.`start_date`)
                    ) * 12
                  ) + (
                    EXTRACT(month FROM `t1`.`end_date`) - EXTRACT(month FROM `t1`.`start_date`)
                  ) + (
                    (
                      EXTRACT(day FROM `t1`.`end_date`) - EXTRACT(day FROM `t1`.`start_date`)
                    ) / 30.4375
                  )
                ) / 12
              ) AS `annual_value`,
              COALESCE(IF(ISNAN(`t1`.`one_time_value`), CAST(NULL AS DOUBLE), `t1`.`one_time_value`), 0.0) / (
                (
                  (
                    (
                      EXTRACT(year FROM `t1`.`end_date`) - EXTRACT(year FROM `t1`.`start_date`)
                    ) * 12
                  ) + (
                    EXTRACT(month FROM `t1`.`end_date`) - EXTRACT(month FROM `t1`.`start_date`)
                  ) + (
                    (
                      EXTRACT(day FROM `t1`.`end_date`) - EXTRACT(day FROM `t1`.`start_date`)
                    ) / 30.4375
                  )
                ) / 12
              ) AS `annual_one_time`
            FROM `contracts` AS `t1`
          ) AS `t11`
          LEFT OUTER JOIN (
            SELECT
              `t9`.`renewal_of` AS `renewed_id`,
              COUNT(*) AS `renewals`,
              SUM(`t9`.`annual_value`) AS `renewal_annual_value`
            FROM (
              SELECT
                `t1`.`contract_id`,
                `t1`.`account_id`,
                `t1`.`start_date`,
                `t1`.`end_date`,
                `t1`.`recurring_value`,
                IF(ISNAN(`t1`.`one_time_value`), CAST(NULL AS DOUBLE), `t1`.`one_time_value`) AS `one_time_value`,
                `t1`.`renewal_of`,
                (
                  (
                    (
                      EXTRACT(year FROM `t1`.`end_date`) - EXTRACT(year FROM `t1`.`start_date`)
                    ) * 12
                  ) + (
                    EXTRACT(month FROM `t1`.`end_date`) - EXTRACT(month FROM `t1`.`start_date`)
                  ) + (
                    (
                      EXTRACT(day FROM `t1`.`end_date`) - EXTRACT(day FROM `t1`.`start_date`)
                    ) / 30.4375
                  )
                ) / 12 AS `term_years`,
                `t1`.`recurring_value` / (
                  (
                    (
                      (
                        EXTRACT(year FROM `t1`.`end_date`) - EXTRACT(year FROM `t1`.`start_date`)
                      ) * 12
                    ) + (
                      EXTRACT(month FROM `t1`.`end_date`) - EXTRACT(month FROM `t1`.`start_date`)
                    ) + (
                      (
                        EXTRACT(day FROM `t1`.`end_date`) - EXTRACT(day FROM `t1`.`start_date`)
                      ) / 30.4375
                    )
                  ) / 12
                ) AS `annual_value`,
                COALESCE(IF(ISNAN(`t1`.`one_time_value`), CAST(NULL AS DOUBLE), `t1`.`one_time_value`), 0.0) / (
                  (
                    (
                      (
                        EXTRACT(year FROM `t1`.`end_date`) - EXTRACT(year FROM `t1`.`start_date`)
                      ) * 12
                    ) + (
                      EXTRACT(month FROM `t1`.`end_date`) - EXTRACT(month FROM `t1`.`start_date`)
                    ) + (
                      (
                        EXTRACT(day FROM `t1`.`end_date`) - EXTRACT(day FROM `t1`.`start_date`)
                      ) / 30.4375
                    )
                  ) / 12
                ) AS `annual_one_time`
              FROM `contracts` AS `t1`
              WHERE
                `t1`.`renewal_of` IS NOT NULL
            ) AS `t9`
            GROUP BY
              1
          ) AS `t13`
            ON `t11`.`contract_id` = `t13`.`renewed_id`
        ) AS `t14`
        WHERE
          `t14`.`end_date` >= MAKE_DATE(2026, 5, 1)
          AND `t14`.`end_date` < MAKE_DATE(2026, 11, 1)
      ) AS `t16`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t5`
        ON `t16`.`account_id` = `t5`.`dim_account_id`
    ) AS `t17`
  ) AS `t18`
  GROUP BY
    1,
    2
)
SELECT
  `t10`.`period_start`,
  `t26`.`segment`,
  `t24`.`value`
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t6`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
  FROM (
    SELECT
      `ibis_table_unnest_column_0` AS `i`
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
    EXPLODE(`t2`.`i`) AS `ibis_table_unnest_column_0`
  ) AS `t6`
) AS `t10`
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
        `t20`.`segment`
      FROM `t19` AS `t20`
    ) AS `t21`
  ) AS `t23`
) AS `t26`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t19` AS `t20`
) AS `t24`
  ON `t10`.`period_start` = `t24`.`period_start`
  AND `t26`.`segment` IS NOT DISTINCT FROM `t24`.`segment`

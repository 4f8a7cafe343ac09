WITH `t14` AS (
  SELECT DISTINCT
    `t3`.`account_id` AS `acc`,
    `t3`.`feature`,
    CAST(`t3`.`occurred_at` AS DATE) AS `day`
  FROM `events` AS `t3`
  WHERE
    `t3`.`occurred_at` >= CAST('2025-11-02T00:00:00' AS TIMESTAMP)
    AND `t3`.`occurred_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
    AND `t3`.`feature` IS NOT NULL
), `t23` AS (
  SELECT DISTINCT
    `t17`.`feature`,
    `t17`.`day`
  FROM `t14` AS `t17`
), `t28` AS (
  SELECT
    MAKE_DATE(2025, 11, 2) + CAST(CONCAT(`t16`.`i` * 1, ' days') AS INTERVAL) AS `date`
  FROM (
    SELECT
      `ibis_table_unnest_column_0` AS `i`
    FROM (
      SELECT
        IF(
          (
            1 <> 0
          ) AND (
            SIGN(1) = SIGN(364 - 0)
          ),
          IF(
            ELEMENT_AT(SEQUENCE(0, 364, 1), SIZE(SEQUENCE(0, 364, 1))) = 364,
            SLICE(SEQUENCE(0, 364, 1), 1, SIZE(SEQUENCE(0, 364, 1)) - 1),
            SEQUENCE(0, 364, 1)
          ),
          ARRAY()
        ) AS `i`
    ) AS `t9`
    LATERAL VIEW
    EXPLODE(`t9`.`i`) AS `ibis_table_unnest_column_0`
  ) AS `t16`
), `t58` AS (
  SELECT
    `t57`.`period_start`,
    `t57`.`segment`,
    AVG(`t57`.`score`) AS `value`
  FROM (
    SELECT
      `t56`.`account_id`,
      `t56`.`period_start`,
      `t56`.`score`,
      `t56`.`segment`
    FROM (
      SELECT
        `t55`.`account_id`,
        `t55`.`period_start`,
        `t55`.`score`,
        `t10`.`dim_account_id`,
        `t10`.`segment`
      FROM (
        SELECT
          `t53`.`account` AS `account_id`,
          `t53`.`period_start`,
          `t53`.`score`
        FROM (
          SELECT
            `t52`.`account`,
            `t52`.`date`,
            `t52`.`active`,
            `t52`.`two_way`,
            `t52`.`resolved`,
            `t52`.`first`,
            `t52`.`features`,
            `t52`.`paid_starts`,
            `t52`.`mrr_change`,
            `t52`.`all_features`,
            `t52`.`two_way90`,
            `t52`.`active30`,
            `t52`.`resolved90`,
            `t52`.`first90`,
            `t52`.`features30`,
            `t52`.`mrr`,
            `t52`.`paid`,
            `t52`.`score`,
            LAG(`t52`.`score`, 90) OVER (PARTITION BY `t52`.`account` ORDER BY `t52`.`date` ASC NULLS LAST) AS `before`,
            COALESCE(
              LAG(`t52`.`paid`, 90) OVER (PARTITION BY `t52`.`account` ORDER BY `t52`.`date` ASC NULLS LAST),
              0
            ) AS `paid_before`,
            DATE_TRUNC('month', `t52`.`date`) AS `period_start`
          FROM (
            SELECT
              `t51`.`account`,
              `t51`.`date`,
              `t51`.`active`,
              `t51`.`two_way`,
              `t51`.`resolved`,
              `t51`.`first`,
              `t51`.`features`,
              `t51`.`paid_starts`,
              `t51`.`mrr_change`,
              `t51`.`all_features`,
              `t51`.`two_way90`,
              `t51`.`active30`,
              `t51`.`resolved90`,
              `t51`.`first90`,
              `t51`.`features30`,
              `t51`.`mrr`,
              `t51`.`paid`,
              (
                0.0 + (
                  COALESCE(LEAST(1.0, `t51`.`two_way90` / 6) * 100.0, 0.0) * 0.25
                ) + (
                  COALESCE(LEAST(1.0, `t51`.`active30` / 20) * 100.0, 0.0) * 0.25
                ) + (
                  COALESCE(
                    IF(
                      `t51`.`resolved90` = 0,
                      CAST(NULL AS DOUBLE),
                      (
                        `t51`.`first90` * 100.0
                      ) / `t51`.`resolved90`
                    ),
                    0.0
                  ) * 0.25
                ) + (
                  COALESCE(
                    IF(
                      `t51`.`all_features` = 0,
                      0.0,
                      (
                        `t51`.`features30` * 100.0
                      ) / `t51`.`all_features`
                    ),
                    0.0
                  ) * 0.25
                )
              ) / IF(
                (
                  0.0 + IF(
                    (
                      LEAST(1.0, `t51`.`two_way90` / 6) * 100.0
                    ) IS NOT NULL
                    AND NOT ISNAN(LEAST(1.0, `t51`.`two_way90` / 6) * 100.0),
                    0.25,
                    0.0
                  ) + IF(
                    (
                      LEAST(1.0, `t51`.`active30` / 20) * 100.0
                    ) IS NOT NULL
                    AND NOT ISNAN(LEAST(1.0, `t51`.`active30` / 20) * 100.0),
                    0.25,
                    0.0
                  ) + IF(
                    IF(
                      `t51`.`resolved90` = 0,
                      CAST(NULL AS DOUBLE),
                      (
                        `t51`.`first90` * 100.0
                      ) / `t51`.`resolved90`
                    ) IS NOT NULL
                    AND NOT ISNAN(
                      IF(
                        `t51`.`resolved90` = 0,
                        CAST(NULL AS DOUBLE),
                        (
                          `t51`.`first90` * 100.0
                        ) / `t51`.`resolved90`
                      )
                    ),
                    0.25,
                    0.0
                  ) + IF(
                    IF(
                      `t51`.`all_features` = 0,
                      0.0,
                      (
                        `t51`.`features30` * 100.0
                      ) / `t51`.`all_features`
                    ) IS NOT NULL
                    AND NOT ISNAN(
                      IF(
                        `t51`.`all_features` = 0,
                        0.0,
                        (
                          `t51`.`features30` * 100.0
                        ) / `t51`.`all_features`
                      )
                    ),
                    0.25,
                    0.0
                  )
                ) = 0,
                CAST(NULL AS DOUBLE),
                0.0 + IF(
                  (
                    LEAST(1.0, `t51`.`two_way90` / 6) * 100.0
                  ) IS NOT NULL
                  AND NOT ISNAN(LEAST(1.0, `t51`.`two_way90` / 6) * 100.0),
                  0.25,
                  0.0
                ) + IF(
                  (
                    LEAST(1.0, `t51`.`active30` / 20) * 100.0
                  ) IS NOT NULL
                  AND NOT ISNAN(LEAST(1.0, `t51`.`active30` / 20) * 100.0),
                  0.25,
                  0.0
                ) + IF(
                  IF(
                    `t51`.`resolved90` = 0,
                    CAST(NULL AS DOUBLE),
                    (
                      `t51`.`first90` * 100.0
                    ) / `t51`.`resolved90`
                  ) IS NOT NULL
                  AND NOT ISNAN(
                    IF(
                      `t51`.`resolved90` = 0,
                      CAST(NULL AS DOUBLE),
                      (
                        `t51`.`first90` * 100.0
                      ) / `t51`.`resolved90`
                    )
                  ),
                  0.25,
                  0.0
                ) + IF(
                  IF(
                    `t51`.`all_features` = 0,
                    0.0,
                    (
                      `t51`.`features30` * 100.0
                    ) / `t51`.`all_features`
                  ) IS NOT NULL
                  AND NOT ISNAN(
                    IF(
                      `t51`.`all_features` = 0,
                      0.0,
                      (
                        `t51`.`features30` * 100.0
                      ) / `t51`.`all_features`
                    )
                  ),
                  0.25,
                  0.0
                )
              ) AS `score`
            FROM (
              SELECT
                `t50`.`account`,
                `t50`.`date`,
                `t50`.`active`,
                `t50`.`two_way`,
                `t50`.`resolved`,
                `t50`.`first`,
                `t50`.`features`,
                `t50`.`paid_starts`,
                `t50`.`mrr_change`,
                `t50`.`all_features`,
                COALESCE(
                  SUM(`t50`.`two_way`) OVER (
                    PARTITION BY `t50`.`account`
                    ORDER BY `t50`.`date` ASC NULLS LAST
                    ROWS BETWEEN 89 PRECEDING AND CURRENT ROW
                  ),
                  0
                ) AS `two_way90`,
                COALESCE(
                  SUM(`t50`.`active`) OVER (
                    PARTITION BY `t50`.`account`
                    ORDER BY `t50`.`date` ASC NULLS LAST
                    ROWS BETWEEN 29 PRECEDING AND CURRENT ROW
                  ),
                  0
                ) AS `active30`,
                COALESCE(
                  SUM(`t50`.`resolved`) OVER (
                    PARTITION BY `t50`.`account`
                    ORDER BY `t50`.`date` ASC NULLS LAST
                    ROWS BETWEEN 89 PRECEDING AND CURRENT ROW
                  ),
                  0
                ) AS `resolved90`,
                COALESCE(
                  SUM(`t50`.`first`) OVER (
                    PARTITION BY `t50`.`account`
                    ORDER BY `t50`.`date` ASC NULLS LAST
                    ROWS BETWEEN 89 PRECEDING AND CURRENT ROW
                  ),
                  0
                ) AS `first90`,
                SUM(`t50`.`features`) OVER (
                  PARTITION BY `t50`.`account`
                  ORDER BY `t50`.`date` ASC NULLS LAST
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS `features30`,
                SUM(`t50`.`mrr_change`) OVER (
                  PARTITION BY `t50`.`account`
                  ORDER BY `t50`.`date` ASC NULLS LAST
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS `mrr`,
                SUM(`t50`.`paid_starts`) OVER (
                  PARTITION BY `t50`.`account`
                  ORDER BY `t50`.`date` ASC NULLS LAST
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS `paid`
              FROM (
                SELECT
                  `t11`.`account`,
                  `t33`.`date`,
                  COALESCE(`t46`.`active`, 0) AS `active`,
                  COALESCE(`t46`.`two_way`, 0) AS `two_way`,
                  COALESCE(`t46`.`resolved`, 0) AS `resolved`,
                  COALESCE(`t46`.`first`, 0) AS `first`,
                  COALESCE(`t46`.`features`, 0) AS `features`,
                  COALESCE(`t46`.`paid_starts`, 0) AS `paid_starts`,
                  COALESCE(`t46`.`mrr_change`, 0) AS `mrr_change`,
                  `t49`.`all_features`
                FROM (
                  SELECT DISTINCT
                    `t1`.`account_id` AS `account`
                  FROM `subscriptions` AS `t1`
                ) AS `t11`
                CROSS JOIN `t28` AS `t33`
                LEFT OUTER JOIN (
                  SELECT
                    `t42`.`acc`,
                    `t42`.`day`,
                    MAX(`t42`.`active`) AS `active`,
                    SUM(`t42`.`two_way`) AS `two_way`,
                    SUM(`t42`.`resolved`) AS `resolved`,
                    SUM(`t42`.`first`) AS `first`,
                    SUM(`t42`.`features`) AS `features`,
                    SUM(`t42`.`paid_starts`) AS `paid_starts`,
                    SUM(`t42`.`mrr_change`) AS `mrr_change`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          `t2`.`account_id` AS `acc`,
                          CAST(`t2`.`resolved_at` AS DATE) AS `day`,
                          CAST(0 AS BIGINT) AS `active`,
                          CAST(0 AS BIGINT) AS `two_way`,
                          CAST(1 AS BIGINT) AS `resolved`,
                          CAST(IF((
                            `t2`.`replies` = 1
                          ) AND (
                            COALESCE(`t2`.`reopens`, 0) = 0
                          ), 1, 0) AS BIGINT) AS `first`,
                          CAST(0 AS BIGINT) AS `features`,
                          CAST(0 AS BIGINT) AS `paid_starts`,
                          0.0 AS `mrr_change`
                        FROM `tickets` AS `t2`
                        WHERE
                          `t2`.`replies` IS NOT NULL
                          AND `t2`.`resolved_at` >= CAST('2025-11-02T00:00:00' AS TIMESTAMP)
                          AND `t2`.`resolved_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
                      ) AS `t25`
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          `t36`.`acc`,
                          `t36`.`day`,
                          CAST(0 AS BIGINT) AS `active`,
                          CAST(0 AS BIGINT) AS `two_way`,
                          CAST(0 AS BIGINT) AS `resolved`,
                          CAST(0 AS BIGINT) AS `first`,
                          CAST(`t36`.`delta` AS BIGINT) AS `features`,
                          CAST(0 AS BIGINT) AS `paid_starts`,
                          0.0 AS `mrr_change`
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t17`.`acc`,
                              `t17`.`day`,
                              1 AS `delta`
                            FROM `t14` AS `t17`
                          ) AS `t22`
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t32`.`acc`,
                              `t32`.`stop` AS `day`,
                              -1 AS `delta`
                            FROM (
                              SELECT
                                `t17`.`acc`,
                                `t17`.`feature`,
                                `t17`.`day`,
                                LEAST(
                                  `t17`.`day` + INTERVAL '30' DAY,
                                  COALESCE(
                                    LEAD(`t17`.`day`) OVER (PARTITION BY `t17`.`acc`, `t17`.`feature` ORDER BY `t17`.`day` ASC NULLS LAST),
                                    `t17`.`day` + INTERVAL '30' DAY
                                  )
                                ) AS `stop`
                              FROM `t14` AS `t17`
                            ) AS `t32`
                          ) AS `t35`
                        ) AS `t36`
                      ) AS `t39`
                    ) AS `t41`
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t1`.`account_id` AS `acc`,
                            GREATEST(`t1`.`start_date`, MAKE_DATE(2025, 11, 2)) AS `day`,
                            CAST(0 AS BIGINT) AS `active`,
                            CAST(0 AS BIGINT) AS `two_way`,
                            CAST(0 AS BIGINT) AS `resolved`,
                            CAST(0 AS BIGINT) AS `first`,
                            CAST(0 AS BIGINT) AS `features`,
                            CAST(IF(`t1`.`mrr` > 0, 1, 0) AS BIGINT) AS `paid_starts`,
                            `t1`.`mrr` AS `mrr_change`
                          FROM `subscriptions` AS `t1`
                          WHERE
                            `t1`.`start_date` < MAKE_DATE(2026, 11, 1)
                        ) AS `t19`
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t1`.`account_id` AS `acc`,
                            GREATEST(`t1`.`end_date`, MAKE_DATE(2025, 11, 2)) AS `day`,
                            CAST(0 AS BIGINT) AS `active`,
                            CAST(0 AS BIGINT) AS `two_way`,
                            CAST(0 AS BIGINT) AS `resolved`,
                            CAST(0 AS BIGINT) AS `first`,
                            CAST(0 AS BIGINT) AS `features`,
                            CAST(0 AS BIGINT) AS `paid_starts`,
                            -(
                              `t1`.`mrr`
                            ) AS `mrr_change`
                          FROM `subscriptions` AS `t1`
                          WHERE
                            `t1`.`end_date` IS NOT NULL AND `t1`.`end_date` < MAKE_DATE(2026, 11, 1)
                        ) AS `t12`
                      ) AS `t21`
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t3`.`account_id` AS `acc`,
                            CAST(`t3`.`occurred_at` AS DATE) AS `day`,
                            CAST(1 AS BIGINT) AS `active`,
                            CAST(0 AS BIGINT) AS `two_way`,
                            CAST(0 AS BIGINT) AS `resolved`,
                            CAST(0 AS BIGINT) AS `first`,
                            CAST(0 AS BIGINT) AS `features`,
                            CAST(0 AS BIGINT) AS `paid_starts`,
                            0.0 AS `mrr_change`
                          FROM `events` AS `t3`
                          WHERE
                            `t3`.`occurred_at` >= CAST('2025-11-02T00:00:00' AS TIMESTAMP)
                            AND `t3`.`occurred_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
                        ) AS `t13`
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t4`.`account_id` AS `acc`,
                            CAST(`t4`.`occurred_at` AS DATE) AS `day`,
                            CAST(0 AS BIGINT) AS `active`,
                            CAST(1 AS BIGINT) AS `two_way`,
                            CAST(0 AS BIGINT) AS `resolved`,
                            CAST(0 AS BIGINT) AS `first`,
                            CAST(0 AS BIGINT) AS `features`,
                            CAST(0 AS BIGINT) AS `paid_starts`,
                            0.0 AS `mrr_change`
                          FROM `touchpoints` AS `t4`
                          WHERE
                            `t4`.`occurred_at` >= CAST('2025-11-02T00:00:00' AS TIMESTAMP)
                            AND `t4`.`occurred_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
                            AND (
                              (
                                `t4`.`direction` = 'inbound'
                              ) OR (
                                `t4`.`responded_at` IS NOT NULL
                              )
                            )
                        ) AS `t18`
                      ) AS `t20`
                    ) AS `t24`
                  ) AS `t42`
                  GROUP BY
                    1,
                    2
                ) AS `t46`
                  ON `t11`.`account` = `t46`.`acc` AND `t33`.`date` = `t46`.`day`
                INNER JOIN (
                  SELECT
                    `t47`.`c_date`,
                    `t47`.`delta`,
                    SUM(`t47`.`delta`) OVER (
                      ORDER BY `t47`.`c_date` ASC NULLS LAST
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) AS `all_features`
                  FROM (
                    SELECT
                      `t34`.`date` AS `c_date`,
                      COALESCE(`t44`.`delta`, 0) AS `delta`
                    FROM `t28` AS `t34`
                    LEFT OUTER JOIN (
                      SELECT
                        `t40`.`day`,
                        SUM(`t40`.`delta`) AS `delta`
                      FROM (
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t26`.`day`,
                            1 AS `delta`
                          FROM `t23` AS `t26`
                        ) AS `t29`
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t37`.`stop` AS `day`,
                            -1 AS `delta`
                          FROM (
                            SELECT
                              `t26`.`feature`,
                              `t26`.`day`,
                              LEAST(
                                `t26`.`day` + INTERVAL '30' DAY,
                                COALESCE(
                                  LEAD(`t26`.`day`) OVER (PARTITION BY `t26`.`feature` ORDER BY `t26`.`day` ASC NULLS LAST),
                                  `t26`.`day` + INTERVAL '30' DAY
                                )
                              ) AS `stop`
                            FROM `t23` AS `t26`
                          ) AS `t37`
                        ) AS `t38`
                      ) AS `t40`
                      GROUP BY
                        1
                    ) AS `t44`
                      ON `t34`.`date` = `t44`.`day`
                  ) AS `t47`
                ) AS `t49`
                  ON `t33`.`date` = `t49`.`c_date`
              ) AS `t50`
            ) AS `t51`
          ) AS `t52`
        ) AS `t53`
        WHERE
          (
            (
              DATE_TRUNC('month', `t53`.`date` + INTERVAL '1' DAY) <> DATE_TRUNC('month', `t53`.`date`)
            )
            OR (
              `t53`.`date` = MAKE_DATE(2026, 10, 31)
            )
          )
          AND `t53`.`date` <= MAKE_DATE(2026, 10, 31)
          AND `t53`.`date` >= MAKE_DATE(2026, 5, 1)
          AND `t53`.`date` < MAKE_DATE(2026, 11, 1)
          AND `t53`.`mrr` > 1e-06
          AND `t53`.`period_start` >= MAKE_DATE(2026, 5, 1)
          AND `t53`.`period_start` < MAKE_DATE(2026, 11, 1)
      ) AS `t55`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `dim_account_id`,
          `t0`.`segment`
        FROM `accounts` AS `t0`
      ) AS `t10`
        ON `t55`.`account_id` = `t10`.`dim_account_id`
    ) AS `t56`
  ) AS `t57`
  GROUP BY
    1,
    2
)
SELECT
  `t30`.`period_start`,
  `t65`.`segment`,
  `t63`.`value`
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + CAST(CONCAT(`t15`.`i` * 1, ' months') AS INTERVAL) AS `period_start`
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
    ) AS `t5`
    LATERAL VIEW
    EXPLODE(`t5`.`i`) AS `ibis_table_unnest_column_1`
  ) AS `t15`
) AS `t30`
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
    ) AS `t6`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t59`.`segment`
      FROM `t58` AS `t59`
    ) AS `t60`
  ) AS `t62`
) AS `t65`
LEFT OUTER JOIN (
  SELECT
    *
  FROM `t58` AS `t59`
) AS `t63`
  ON `t30`.`period_start` = `t63`.`period_start`
  AND `t65`.`segment` IS NOT DISTINCT FROM `t63`.`segment`

WITH "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t23" AS (
  SELECT
    "t20"."state_start",
    CASE
      WHEN (
        "t20"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t20"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) - INTERVAL '1 DAY'
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t20"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
      ) - INTERVAL '1 DAY'
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2026, 4, 1) + MAKE_INTERVAL(months => CAST("t13"."i" * 1 AS INT)) AS "state_start"
    FROM (
      SELECT
        "ibis_table_unnest_column_0" AS "i"
      FROM (
        SELECT
          CASE
            WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN(7 - 0)
            THEN ARRAY_REMOVE(ARRAY(SELECT
              *
            FROM GENERATE_SERIES(0, 7, 1)), 7)
            ELSE CAST(ARRAY[] AS SMALLINT[])
          END AS "i"
      ) AS "t7"
      CROSS JOIN UNNEST("t7"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t13"
  ) AS "t20"
), "t43" AS (
  SELECT
    "t42"."period_start",
    "t42"."segment",
    CAST(SUM("t42"."_num") AS DOUBLE PRECISION) / CASE
      WHEN CAST(SUM("t42"."_den") AS DOUBLE PRECISION) = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE CAST(SUM("t42"."_den") AS DOUBLE PRECISION)
    END AS "value"
  FROM (
    SELECT
      "t41"."account_id",
      "t41"."period_start",
      "t41"."referred",
      "t41"."_num",
      "t41"."_den",
      "t41"."segment"
    FROM (
      SELECT
        "t40"."account_id",
        "t40"."period_start",
        "t40"."referred",
        "t40"."_num",
        "t40"."_den",
        "t8"."dim_account_id",
        "t8"."segment"
      FROM (
        SELECT
          "t38"."account_id",
          "t38"."period_start",
          "t38"."referred",
          "t38"."referred" AS "_num",
          1 AS "_den"
        FROM (
          SELECT
            "t37"."account_id",
            "t37"."period_start",
            CASE WHEN "t14"."referrer" IS NOT NULL THEN 1 ELSE 0 END AS "referred"
          FROM (
            SELECT
              *
            FROM (
              SELECT
                "t34"."account_id",
                "t34"."period_start",
                MAX(CASE WHEN "t34"."is_first" THEN "t34"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
                MAX(CASE WHEN "t34"."is_last" THEN "t34"."mrr" ELSE 0.0 END) AS "end_mrr",
                SUM("t34"."new") AS "new",
                SUM("t34"."expansion") AS "expansion",
                SUM("t34"."contraction") AS "contraction",
                SUM("t34"."churn") AS "churn",
                SUM("t34"."reactivation") AS "reactivation",
                MAX(CASE WHEN "t34"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
                MAX(CASE WHEN "t34"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
                MAX(CASE WHEN "t34"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
              FROM (
                SELECT
                  "t33"."account_id",
                  "t33"."state_start",
                  "t33"."mrr",
                  "t33"."prev_mrr",
                  "t33"."active_before",
                  CASE
                    WHEN (
                      "t33"."mrr" > 0
                    )
                    AND (
                      "t33"."prev_mrr" = 0
                    )
                    AND (
                      "t33"."active_before" = 0
                    )
                    THEN "t33"."mrr"
                    ELSE 0.0
                  END AS "new",
                  CASE
                    WHEN (
                      "t33"."mrr" > 0
                    )
                    AND (
                      "t33"."prev_mrr" = 0
                    )
                    AND (
                      "t33"."active_before" > 0
                    )
                    THEN "t33"."mrr"
                    ELSE 0.0
                  END AS "reactivation",
                  CASE
                    WHEN (
                      "t33"."prev_mrr" > 0
                    ) AND (
                      "t33"."mrr" > "t33"."prev_mrr"
                    )
                    THEN "t33"."mrr" - "t33"."prev_mrr"
                    ELSE 0.0
                  END AS "expansion",
                  CASE
                    WHEN (
                      "t33"."prev_mrr" > 0
                    )
                    AND (
                      "t33"."mrr" > 0
                    )
                    AND (
                      "t33"."mrr" < "t33"."prev_mrr"
                    )
                    THEN "t33"."prev_mrr" - "t33"."mrr"
                    ELSE 0.0
                  END AS "contraction",
                  CASE
                    WHEN (
                      "t33"."prev_mrr" > 0
                    ) AND (
                      "t33"."mrr" = 0
                    )
                    THEN "t33"."prev_mrr"
                    ELSE 0.0
                  END AS "churn",
                  DATE_TRUNC('MONTH', "t33"."state_start") AS "period_start",
                  DATE_TRUNC('MONTH', "t33"."state_start" - MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t33"."state_start") AS "is_first",
                  DATE_TRUNC('MONTH', "t33"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t33"."state_start") AS "is_last"
                FROM (
                  SELECT
                    "t32"."account_id",
                    "t32"."state_start",
                    "t32"."mrr",
                    "t32"."prev_mrr",
                    "t32"."active_before"
                  FROM (
                    SELECT
                      "t31"."account_id",
                      "t31"."state_start",
                      "t31"."mrr",
                      "t31"."paid_earlier",
                      COALESCE(
                        LAG("t31"."mrr") OVER (
                          PARTITION BY "t31"."account_id"
                          ORDER BY "t31"."state_start" ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ),
                        0.0
                      ) AS "prev_mrr",
                      (
                        SUM(CASE WHEN "t31"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                          PARTITION BY "t31"."account_id"
                          ORDER BY "t31"."state_start" ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                        ) - CASE WHEN "t31"."mrr" > 0 THEN 1 ELSE 0 END
                      ) + COALESCE("t31"."paid_earlier", 0) AS "active_before"
                    FROM (
                      SELECT
                        "t30"."account_id",
                        "t30"."state_start",
                        "t30"."mrr",
                        "t30"."paid_earlier"
                      FROM (
                        SELECT
                          "t16"."account_id",
                          "t25"."state_start",
                          COALESCE("t29"."snap_mrr", 0.0) AS "mrr",
                          "t22"."paid_account",
                          "t22"."paid_earlier"
                        FROM (
                          SELECT
                            "t9"."account_id",
                            MIN("t9"."start_date") AS "first_day"
                          FROM "t6" AS "t9"
                          GROUP BY
                            1
                        ) AS "t16"
                        INNER JOIN "t23" AS "t25"
                          ON "t16"."first_day" <= "t25"."last_day"
                        LEFT OUTER JOIN (
                          SELECT
                            "t27"."account_id",
                            "t27"."state_start",
                            SUM("t27"."mrr") AS "snap_mrr"
                          FROM (
                            SELECT
                              "t26"."state_start",
                              "t26"."last_day",
                              "t12"."subscription_id",
                              "t12"."account_id",
                              "t12"."start_date",
                              "t12"."end_date",
                              "t12"."mrr",
                              "t12"."plan"
                            FROM "t23" AS "t26"
                            INNER JOIN "t6" AS "t12"
                              ON "t12"."start_date" <= "t26"."last_day"
                              AND (
                                (
                                  "t12"."end_date" IS NULL
                                ) OR (
                                  "t12"."end_date" > "t26"."last_day"
                                )
                              )
                          ) AS "t27"
                          GROUP BY
                            1,
                            2
                        ) AS "t29"
                          ON "t16"."account_id" = "t29"."account_id"
                          AND "t25"."state_start" = "t29"."state_start"
                        LEFT OUTER JOIN (
                          SELECT
                            "t17"."paid_account",
                            1 AS "paid_earlier"
                          FROM (
                            SELECT DISTINCT
                              "t2"."account_id" AS "paid_account"
                            FROM "subscriptions" AS "t2"
                            WHERE
                              "t2"."mrr" > 0
                              AND (
                                (
                                  "t2"."end_date" IS NULL
                                )
                                OR (
                                  CASE
                                    WHEN "t2"."end_date" <= MAKE_DATE(2026, 11, 24)
                                    THEN DATE_TRUNC('MONTH', "t2"."end_date")
                                    ELSE GREATEST(
                                      DATE_TRUNC('MONTH', "t2"."end_date"),
                                      DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                                    )
                                  END > CASE
                                    WHEN "t2"."start_date" <= MAKE_DATE(2026, 11, 24)
                                    THEN DATE_TRUNC('MONTH', "t2"."start_date")
                                    ELSE GREATEST(
                                      DATE_TRUNC('MONTH', "t2"."start_date"),
                                      DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                                    )
                                  END
                                )
                              )
                              AND CASE
                                WHEN "t2"."start_date" <= MAKE_DATE(2026, 11, 24)
                                THEN DATE_TRUNC('MONTH', "t2"."start_date")
                                ELSE GREATEST(
                                  DATE_TRUNC('MONTH', "t2"."start_date"),
                                  DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                                )
                              END < DATE_TRUNC('MONTH', MAKE_DATE(2026, 4, 30))
                          ) AS "t17"
                        ) AS "t22"
                          ON "t16"."account_id" = "t22"."paid_account"
                      ) AS "t30"
                    ) AS "t31"
                  ) AS "t32"
                ) AS "t33"
              ) AS "t34"
              GROUP BY
                1,
                2
            ) AS "t35"
            WHERE
              "t35"."start_mrr" > 0
          ) AS "t37"
          LEFT OUTER JOIN (
            SELECT DISTINCT
              "t1"."referrer_account_id" AS "referrer",
              CAST(DATE_TRUNC('MONTH', "t1"."referred_at") AS DATE) AS "referred_in"
            FROM "referrals" AS "t1"
            WHERE
              "t1"."referred_at" >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND "t1"."referred_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
          ) AS "t14"
            ON "t37"."account_id" = "t14"."referrer"
            AND "t37"."period_start" = "t14"."referred_in"
        ) AS "t38"
        WHERE
          "t38"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t38"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t40"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t8"
        ON "t40"."account_id" = "t8"."dim_account_id"
    ) AS "t41"
  ) AS "t42"
  GROUP BY
    1,
    2
)
SELECT
  "t21"."period_start",
  "t50"."segment",
  "t48"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t10"."i" * 1 AS INT)) AS "period_start"
  FROM (
    SELECT
      "ibis_table_unnest_column_2" AS "i"
    FROM (
      SELECT
        CASE
          WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN(6 - 0)
          THEN ARRAY_REMOVE(ARRAY(SELECT
            *
          FROM GENERATE_SERIES(0, 6, 1)), 6)
          ELSE CAST(ARRAY[] AS SMALLINT[])
        END AS "i"
    ) AS "t3"
    CROSS JOIN UNNEST("t3"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t10"
) AS "t21"
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t0"."segment"
      FROM "accounts" AS "t0"
    ) AS "t4"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t44"."segment"
      FROM "t43" AS "t44"
    ) AS "t45"
  ) AS "t47"
) AS "t50"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t43" AS "t44"
) AS "t48"
  ON "t21"."period_start" = "t48"."period_start"
  AND "t50"."segment" IS NOT DISTINCT FROM "t48"."segment"

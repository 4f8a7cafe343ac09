WITH "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t20" AS (
  SELECT
    "t18"."state_start",
    CASE
      WHEN (
        "t18"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t18"."state_start" + TO_MONTHS(1)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t18"."state_start" + TO_MONTHS(1)
      ) - INTERVAL '1' DAY
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + TO_MONTHS("t12"."i" * 1) AS "state_start"
    FROM (
      SELECT
        "t7".*
        REPLACE ("ibis_table_unnest_column_0" AS "i")
      FROM (
        SELECT
          RANGE(0, 42, 1) AS "i"
      ) AS "t7"
      CROSS JOIN UNNEST("t7"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t12"
  ) AS "t18"
), "t39" AS (
  SELECT
    "t38"."period_start",
    "t38"."segment",
    AVG("t38"."score") AS "value"
  FROM (
    SELECT
      "t37".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t36"."account_id",
        "t36"."period_start",
        "t36"."two_way",
        "t36"."outbound",
        "t36"."answered",
        "t36"."score",
        "t8"."dim_account_id",
        "t8"."segment"
      FROM (
        SELECT
          "t34"."account_id",
          "t34"."period_start",
          "t34"."two_way",
          "t34"."outbound",
          "t34"."answered",
          (
            0.0 + (
              COALESCE(LEAST(1.0, "t34"."two_way" / 6) * 100.0, 0.0) * 0.5
            ) + (
              COALESCE(
                CASE
                  WHEN "t34"."outbound" = 0
                  THEN CAST(NULL AS DOUBLE)
                  ELSE (
                    "t34"."answered" * 100.0
                  ) / "t34"."outbound"
                END,
                0.0
              ) * 0.5
            )
          ) / CASE
            WHEN (
              0.0 + CASE
                WHEN (
                  LEAST(1.0, "t34"."two_way" / 6) * 100.0
                ) IS NOT NULL
                THEN 0.5
                ELSE 0.0
              END + CASE
                WHEN CASE
                  WHEN "t34"."outbound" = 0
                  THEN CAST(NULL AS DOUBLE)
                  ELSE (
                    "t34"."answered" * 100.0
                  ) / "t34"."outbound"
                END IS NOT NULL
                THEN 0.5
                ELSE 0.0
              END
            ) = 0
            THEN CAST(NULL AS DOUBLE)
            ELSE 0.0 + CASE
              WHEN (
                LEAST(1.0, "t34"."two_way" / 6) * 100.0
              ) IS NOT NULL
              THEN 0.5
              ELSE 0.0
            END + CASE
              WHEN CASE
                WHEN "t34"."outbound" = 0
                THEN CAST(NULL AS DOUBLE)
                ELSE (
                  "t34"."answered" * 100.0
                ) / "t34"."outbound"
              END IS NOT NULL
              THEN 0.5
              ELSE 0.0
            END
          END AS "score"
        FROM (
          SELECT
            "t33"."account_id",
            "t33"."period_start",
            COALESCE(SUM("t33"."two_way"), 0) AS "two_way",
            COALESCE(SUM("t33"."outbound"), 0) AS "outbound",
            COALESCE(SUM("t33"."answered"), 0) AS "answered"
          FROM (
            SELECT
              "t32"."account_id",
              "t32"."period_start",
              "t32"."last",
              "t14"."tp_account",
              "t14"."day",
              "t14"."two_way",
              "t14"."outbound",
              "t14"."answered"
            FROM (
              SELECT
                "t30"."account_id",
                "t30"."period_start",
                LEAST(
                  (
                    "t30"."period_start" + TO_MONTHS(1)
                  ) - INTERVAL '1' DAY,
                  MAKE_DATE(2026, 10, 31)
                ) AS "last"
              FROM (
                SELECT
                  "t29"."account_id",
                  "t29"."period_start",
                  MAX(CASE WHEN "t29"."is_first" THEN "t29"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
                  MAX(CASE WHEN "t29"."is_last" THEN "t29"."mrr" ELSE 0.0 END) AS "end_mrr",
                  SUM("t29"."new") AS "new",
                  SUM("t29"."expansion") AS "expansion",
                  SUM("t29"."contraction") AS "contraction",
                  SUM("t29"."churn") AS "churn",
                  SUM("t29"."reactivation") AS "reactivation",
                  MAX(CASE WHEN "t29"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
                  MAX(CASE WHEN "t29"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
                  MAX(CASE WHEN "t29"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
                FROM (
                  SELECT
                    "t28"."account_id",
                    "t28"."state_start",
                    "t28"."mrr",
                    "t28"."prev_mrr",
                    "t28"."active_before",
                    CASE
                      WHEN (
                        "t28"."mrr" > 0
                      )
                      AND (
                        "t28"."prev_mrr" = 0
                      )
                      AND (
                        "t28"."active_before" = 0
                      )
                      THEN "t28"."mrr"
                      ELSE 0.0
                    END AS "new",
                    CASE
                      WHEN (
                        "t28"."mrr" > 0
                      )
                      AND (
                        "t28"."prev_mrr" = 0
                      )
                      AND (
                        "t28"."active_before" > 0
                      )
                      THEN "t28"."mrr"
                      ELSE 0.0
                    END AS "reactivation",
                    CASE
                      WHEN (
                        "t28"."prev_mrr" > 0
                      ) AND (
                        "t28"."mrr" > "t28"."prev_mrr"
                      )
                      THEN "t28"."mrr" - "t28"."prev_mrr"
                      ELSE 0.0
                    END AS "expansion",
                    CASE
                      WHEN (
                        "t28"."prev_mrr" > 0
                      )
                      AND (
                        "t28"."mrr" > 0
                      )
                      AND (
                        "t28"."mrr" < "t28"."prev_mrr"
                      )
                      THEN "t28"."prev_mrr" - "t28"."mrr"
                      ELSE 0.0
                    END AS "contraction",
                    CASE
                      WHEN (
                        "t28"."prev_mrr" > 0
                      ) AND (
                        "t28"."mrr" = 0
                      )
                      THEN "t28"."prev_mrr"
                      ELSE 0.0
                    END AS "churn",
                    DATE_TRUNC('MONTH', "t28"."state_start") AS "period_start",
                    DATE_TRUNC('MONTH', "t28"."state_start" - TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t28"."state_start") AS "is_first",
                    DATE_TRUNC('MONTH', "t28"."state_start" + TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t28"."state_start") AS "is_last"
                  FROM (
                    SELECT
                      "t27"."account_id",
                      "t27"."state_start",
                      "t27"."mrr",
                      COALESCE(
                        LAG("t27"."mrr") OVER (
                          PARTITION BY "t27"."account_id"
                          ORDER BY "t27"."state_start" ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ),
                        0.0
                      ) AS "prev_mrr",
                      SUM(CASE WHEN "t27"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                        PARTITION BY "t27"."account_id"
                        ORDER BY "t27"."state_start" ASC
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                      ) - CASE WHEN "t27"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
                    FROM (
                      SELECT
                        "t16"."account_id",
                        "t22"."state_start",
                        COALESCE("t26"."snap_mrr", 0.0) AS "mrr"
                      FROM (
                        SELECT
                          "t9"."account_id",
                          MIN("t9"."start_date") AS "first_day"
                        FROM "t6" AS "t9"
                        GROUP BY
                          1
                      ) AS "t16"
                      INNER JOIN "t20" AS "t22"
                        ON "t16"."first_day" <= "t22"."last_day"
                      LEFT OUTER JOIN (
                        SELECT
                          "t24"."account_id",
                          "t24"."state_start",
                          SUM("t24"."mrr") AS "snap_mrr"
                        FROM (
                          SELECT
                            "t23"."state_start",
                            "t23"."last_day",
                            "t11"."subscription_id",
                            "t11"."account_id",
                            "t11"."start_date",
                            "t11"."end_date",
                            "t11"."mrr",
                            "t11"."plan"
                          FROM "t20" AS "t23"
                          INNER JOIN "t6" AS "t11"
                            ON "t11"."start_date" <= "t23"."last_day"
                            AND (
                              (
                                "t11"."end_date" IS NULL
                              ) OR (
                                "t11"."end_date" > "t23"."last_day"
                              )
                            )
                        ) AS "t24"
                        GROUP BY
                          1,
                          2
                      ) AS "t26"
                        ON "t16"."account_id" = "t26"."account_id"
                        AND "t22"."state_start" = "t26"."state_start"
                    ) AS "t27"
                  ) AS "t28"
                ) AS "t29"
                GROUP BY
                  1,
                  2
              ) AS "t30"
              WHERE
                "t30"."end_mrr" > 0
                AND "t30"."period_start" >= MAKE_DATE(2026, 5, 1)
                AND "t30"."period_start" < MAKE_DATE(2026, 11, 1)
            ) AS "t32"
            LEFT OUTER JOIN (
              SELECT
                "t1"."account_id" AS "tp_account",
                CAST("t1"."occurred_at" AS DATE) AS "day",
                CASE
                  WHEN (
                    "t1"."direction" = 'inbound'
                  ) OR (
                    "t1"."responded_at" IS NOT NULL
                  )
                  THEN 1
                  ELSE 0
                END AS "two_way",
                CASE WHEN "t1"."direction" = 'outbound' THEN 1 ELSE 0 END AS "outbound",
                CASE
                  WHEN (
                    "t1"."direction" = 'outbound'
                  ) AND (
                    "t1"."responded_at" IS NOT NULL
                  )
                  THEN 1
                  ELSE 0
                END AS "answered"
              FROM "touchpoints" AS "t1"
            ) AS "t14"
              ON "t32"."account_id" = "t14"."tp_account"
              AND "t14"."day" <= "t32"."last"
              AND "t14"."day" > (
                "t32"."last" - INTERVAL '90' DAY
              )
          ) AS "t33"
          GROUP BY
            1,
            2
        ) AS "t34"
        WHERE
          "t34"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t34"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t36"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t8"
        ON "t36"."account_id" = "t8"."dim_account_id"
    ) AS "t37"
  ) AS "t38"
  GROUP BY
    1,
    2
)
SELECT
  "t19"."period_start",
  "t46"."segment",
  "t44"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t10"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t3".*
      REPLACE ("ibis_table_unnest_column_2" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t3"
    CROSS JOIN UNNEST("t3"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t10"
) AS "t19"
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
        "t40"."segment"
      FROM "t39" AS "t40"
    ) AS "t41"
  ) AS "t43"
) AS "t46"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t39" AS "t40"
) AS "t44"
  ON "t19"."period_start" = "t44"."period_start"
  AND "t46"."segment" IS NOT DISTINCT FROM "t44"."segment"

WITH "t38" AS (
  SELECT
    "t37"."period_start",
    "t37"."segment",
    AVG("t37"."score") AS "value"
  FROM (
    SELECT
      "t36"."account_id",
      "t36"."period_start",
      "t36"."score",
      "t36"."segment"
    FROM (
      SELECT
        "t35"."account_id",
        "t35"."period_start",
        "t35"."score",
        "t10"."dim_account_id",
        "t10"."segment"
      FROM (
        SELECT
          "t33"."account" AS "account_id",
          "t33"."period_start",
          CAST((
            0.0 + (
              COALESCE(
                CASE
                  WHEN (
                    "t33"."recent" + "t33"."before"
                  ) = 0
                  THEN 0.0
                  ELSE CAST((
                    "t33"."recent" * 100.0
                  ) AS DOUBLE PRECISION) / (
                    "t33"."recent" + "t33"."before"
                  )
                END,
                0.0
              ) * 0.4
            ) + (
              COALESCE(
                CASE
                  WHEN "t33"."answers180" = 0
                  THEN CAST(NULL AS DOUBLE PRECISION)
                  ELSE CAST("t33"."total180" AS DOUBLE PRECISION) / "t33"."answers180"
                END,
                0.0
              ) * 0.2
            ) + (
              COALESCE(
                GREATEST(0.0, (
                  1 - (
                    CAST("t33"."tickets90" AS DOUBLE PRECISION) / 10
                  )
                ) * 100.0),
                0.0
              ) * 0.2
            ) + (
              COALESCE(
                CAST((
                  "t33"."mrr" * 100.0
                ) AS DOUBLE PRECISION) / (
                  "t33"."mrr" + "t33"."mrr90"
                ),
                0.0
              ) * 0.2
            )
          ) AS DOUBLE PRECISION) / CASE
            WHEN (
              0.0 + CASE
                WHEN CASE
                  WHEN (
                    "t33"."recent" + "t33"."before"
                  ) = 0
                  THEN 0.0
                  ELSE CAST((
                    "t33"."recent" * 100.0
                  ) AS DOUBLE PRECISION) / (
                    "t33"."recent" + "t33"."before"
                  )
                END IS NOT NULL
                THEN 0.4
                ELSE 0.0
              END + CASE
                WHEN CASE
                  WHEN "t33"."answers180" = 0
                  THEN CAST(NULL AS DOUBLE PRECISION)
                  ELSE CAST("t33"."total180" AS DOUBLE PRECISION) / "t33"."answers180"
                END IS NOT NULL
                THEN 0.2
                ELSE 0.0
              END + CASE
                WHEN GREATEST(0.0, (
                  1 - (
                    CAST("t33"."tickets90" AS DOUBLE PRECISION) / 10
                  )
                ) * 100.0) IS NOT NULL
                THEN 0.2
                ELSE 0.0
              END + CASE
                WHEN (
                  CAST((
                    "t33"."mrr" * 100.0
                  ) AS DOUBLE PRECISION) / (
                    "t33"."mrr" + "t33"."mrr90"
                  )
                ) IS NOT NULL
                THEN 0.2
                ELSE 0.0
              END
            ) = 0
            THEN CAST(NULL AS DOUBLE PRECISION)
            ELSE 0.0 + CASE
              WHEN CASE
                WHEN (
                  "t33"."recent" + "t33"."before"
                ) = 0
                THEN 0.0
                ELSE CAST((
                  "t33"."recent" * 100.0
                ) AS DOUBLE PRECISION) / (
                  "t33"."recent" + "t33"."before"
                )
              END IS NOT NULL
              THEN 0.4
              ELSE 0.0
            END + CASE
              WHEN CASE
                WHEN "t33"."answers180" = 0
                THEN CAST(NULL AS DOUBLE PRECISION)
                ELSE CAST("t33"."total180" AS DOUBLE PRECISION) / "t33"."answers180"
              END IS NOT NULL
              THEN 0.2
              ELSE 0.0
            END + CASE
              WHEN GREATEST(0.0, (
                1 - (
                  CAST("t33"."tickets90" AS DOUBLE PRECISION) / 10
                )
              ) * 100.0) IS NOT NULL
              THEN 0.2
              ELSE 0.0
            END + CASE
              WHEN (
                CAST((
                  "t33"."mrr" * 100.0
                ) AS DOUBLE PRECISION) / (
                  "t33"."mrr" + "t33"."mrr90"
                )
              ) IS NOT NULL
              THEN 0.2
              ELSE 0.0
            END
          END AS "score"
        FROM (
          SELECT
            "t32"."account",
            "t32"."date",
            "t32"."active",
            "t32"."tickets",
            "t32"."total",
            "t32"."answers",
            "t32"."mrr_change",
            "t32"."recent",
            "t32"."before",
            "t32"."tickets90",
            "t32"."total180",
            "t32"."answers180",
            "t32"."mrr",
            COALESCE(
              LAG("t32"."mrr", 90) OVER (
                PARTITION BY "t32"."account"
                ORDER BY "t32"."date" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
              ),
              0.0
            ) AS "mrr90",
            DATE_TRUNC('MONTH', "t32"."date") AS "period_start"
          FROM (
            SELECT
              "t31"."account",
              "t31"."date",
              "t31"."active",
              "t31"."tickets",
              "t31"."total",
              "t31"."answers",
              "t31"."mrr_change",
              "t31"."recent",
              "t31"."before",
              "t31"."tickets90",
              "t31"."total180",
              "t31"."answers180",
              CASE WHEN ABS("t31"."mrr") < 1e-06 THEN 0.0 ELSE "t31"."mrr" END AS "mrr"
            FROM (
              SELECT
                "t30"."account",
                "t30"."date",
                "t30"."active",
                "t30"."tickets",
                "t30"."total",
                "t30"."answers",
                "t30"."mrr_change",
                COALESCE(
                  SUM("t30"."active") OVER (
                    PARTITION BY "t30"."account"
                    ORDER BY "t30"."date" ASC
                    ROWS BETWEEN 29 preceding AND CURRENT ROW
                  ),
                  0.0
                ) AS "recent",
                COALESCE(
                  SUM("t30"."active") OVER (
                    PARTITION BY "t30"."account"
                    ORDER BY "t30"."date" ASC
                    ROWS BETWEEN 59 preceding AND 30 preceding
                  ),
                  0.0
                ) AS "before",
                COALESCE(
                  SUM("t30"."tickets") OVER (
                    PARTITION BY "t30"."account"
                    ORDER BY "t30"."date" ASC
                    ROWS BETWEEN 89 preceding AND CURRENT ROW
                  ),
                  0.0
                ) AS "tickets90",
                COALESCE(
                  SUM("t30"."total") OVER (
                    PARTITION BY "t30"."account"
                    ORDER BY "t30"."date" ASC
                    ROWS BETWEEN 179 preceding AND CURRENT ROW
                  ),
                  0.0
                ) AS "total180",
                COALESCE(
                  SUM("t30"."answers") OVER (
                    PARTITION BY "t30"."account"
                    ORDER BY "t30"."date" ASC
                    ROWS BETWEEN 179 preceding AND CURRENT ROW
                  ),
                  0.0
                ) AS "answers180",
                SUM("t30"."mrr_change") OVER (
                  PARTITION BY "t30"."account"
                  ORDER BY "t30"."date" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS "mrr"
              FROM (
                SELECT
                  "t11"."account",
                  "t26"."date",
                  COALESCE("t29"."active", 0.0) AS "active",
                  COALESCE("t29"."tickets", 0.0) AS "tickets",
                  COALESCE("t29"."total", 0.0) AS "total",
                  COALESCE("t29"."answers", 0.0) AS "answers",
                  COALESCE("t29"."mrr_change", 0.0) AS "mrr_change"
                FROM (
                  SELECT DISTINCT
                    "t1"."account_id" AS "account"
                  FROM "subscriptions" AS "t1"
                ) AS "t11"
                CROSS JOIN (
                  SELECT
                    MAKE_DATE(2025, 11, 2) + MAKE_INTERVAL(days => CAST("t17"."i" * 1 AS INT)) AS "date"
                  FROM (
                    SELECT
                      "ibis_table_unnest_column_0" AS "i"
                    FROM (
                      SELECT
                        CASE
                          WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN(364 - 0)
                          THEN ARRAY_REMOVE(ARRAY(SELECT
                            *
                          FROM GENERATE_SERIES(0, 364, 1)), 364)
                          ELSE CAST(ARRAY[] AS SMALLINT[])
                        END AS "i"
                    ) AS "t9"
                    CROSS JOIN UNNEST("t9"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
                  ) AS "t17"
                ) AS "t26"
                LEFT OUTER JOIN (
                  SELECT
                    "t27"."acc",
                    "t27"."day",
                    MAX("t27"."active") AS "active",
                    SUM("t27"."tickets") AS "tickets",
                    SUM("t27"."total") AS "total",
                    SUM("t27"."answers") AS "answers",
                    SUM("t27"."mrr_change") AS "mrr_change"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t19"."account_id" AS "acc",
                          DATE("t19"."responded_at") AS "day",
                          CAST(0 AS DOUBLE PRECISION) AS "active",
                          CAST(0 AS DOUBLE PRECISION) AS "tickets",
                          "t19"."scaled" AS "total",
                          CAST(1 AS DOUBLE PRECISION) AS "answers",
                          0.0 AS "mrr_change"
                        FROM (
                          SELECT
                            "t2"."response_id",
                            "t2"."account_id",
                            "t2"."user_id",
                            "t2"."survey",
                            "t2"."score",
                            "t2"."responded_at",
                            "t2"."comment",
                            CASE
                              WHEN (
                                "t2"."survey" = 'nps'
                              ) AND "t2"."score" BETWEEN 0 AND 10
                              THEN "t2"."score" * 10
                              WHEN (
                                "t2"."survey" = 'csat'
                              ) AND "t2"."score" BETWEEN 1 AND 5
                              THEN (
                                "t2"."score" - 1
                              ) * 25.0
                              ELSE CAST(NULL AS DOUBLE PRECISION)
                            END AS "scaled"
                          FROM "survey_responses" AS "t2"
                        ) AS "t19"
                        WHERE
                          "t19"."scaled" IS NOT NULL
                          AND "t19"."responded_at" >= CAST('2025-11-02T00:00:00' AS TIMESTAMP)
                          AND "t19"."responded_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
                      ) AS "t21"
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t1"."account_id" AS "acc",
                          GREATEST("t1"."start_date", MAKE_DATE(2025, 11, 2)) AS "day",
                          CAST(0 AS DOUBLE PRECISION) AS "active",
                          CAST(0 AS DOUBLE PRECISION) AS "tickets",
                          0.0 AS "total",
                          CAST(0 AS DOUBLE PRECISION) AS "answers",
                          "t1"."mrr" AS "mrr_change"
                        FROM "subscriptions" AS "t1"
                        WHERE
                          "t1"."start_date" < MAKE_DATE(2026, 11, 1)
                      ) AS "t12"
                    ) AS "t24"
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t1"."account_id" AS "acc",
                          GREATEST("t1"."end_date", MAKE_DATE(2025, 11, 2)) AS "day",
                          CAST(0 AS DOUBLE PRECISION) AS "active",
                          CAST(0 AS DOUBLE PRECISION) AS "tickets",
                          0.0 AS "total",
                          CAST(0 AS DOUBLE PRECISION) AS "answers",
                          -(
                            "t1"."mrr"
                          ) AS "mrr_change"
                        FROM "subscriptions" AS "t1"
                        WHERE
                          "t1"."end_date" IS NOT NULL AND "t1"."end_date" < MAKE_DATE(2026, 11, 1)
                      ) AS "t13"
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          *
                        FROM (
                          SELECT
                            "t3"."account_id" AS "acc",
                            DATE("t3"."occurred_at") AS "day",
                            CAST(1 AS DOUBLE PRECISION) AS "active",
                            CAST(0 AS DOUBLE PRECISION) AS "tickets",
                            0.0 AS "total",
                            CAST(0 AS DOUBLE PRECISION) AS "answers",
                            0.0 AS "mrr_change"
                          FROM "events" AS "t3"
                          WHERE
                            "t3"."occurred_at" >= CAST('2025-11-02T00:00:00' AS TIMESTAMP)
                            AND "t3"."occurred_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
                        ) AS "t14"
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            "t4"."account_id" AS "acc",
                            DATE("t4"."created_at") AS "day",
                            CAST(0 AS DOUBLE PRECISION) AS "active",
                            CAST(1 AS DOUBLE PRECISION) AS "tickets",
                            0.0 AS "total",
                            CAST(0 AS DOUBLE PRECISION) AS "answers",
                            0.0 AS "mrr_change"
                          FROM "tickets" AS "t4"
                          WHERE
                            "t4"."created_at" >= CAST('2025-11-02T00:00:00' AS TIMESTAMP)
                            AND "t4"."created_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
                        ) AS "t15"
                      ) AS "t18"
                    ) AS "t20"
                  ) AS "t27"
                  GROUP BY
                    1,
                    2
                ) AS "t29"
                  ON "t11"."account" = "t29"."acc" AND "t26"."date" = "t29"."day"
              ) AS "t30"
            ) AS "t31"
          ) AS "t32"
        ) AS "t33"
        WHERE
          (
            (
              DATE_TRUNC('MONTH', "t33"."date" + INTERVAL '1 DAY') <> DATE_TRUNC('MONTH', "t33"."date")
            )
            OR (
              "t33"."date" = MAKE_DATE(2026, 10, 31)
            )
          )
          AND "t33"."date" <= MAKE_DATE(2026, 10, 31)
          AND "t33"."date" >= MAKE_DATE(2026, 5, 1)
          AND "t33"."date" < MAKE_DATE(2026, 11, 1)
          AND "t33"."mrr" > 0
          AND "t33"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t33"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t35"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t10"
        ON "t35"."account_id" = "t10"."dim_account_id"
    ) AS "t36"
  ) AS "t37"
  GROUP BY
    1,
    2
)
SELECT
  "t25"."period_start",
  "t45"."segment",
  "t43"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t16"."i" * 1 AS INT)) AS "period_start"
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
    ) AS "t5"
    CROSS JOIN UNNEST("t5"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t16"
) AS "t25"
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
    ) AS "t6"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t39"."segment"
      FROM "t38" AS "t39"
    ) AS "t40"
  ) AS "t42"
) AS "t45"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t38" AS "t39"
) AS "t43"
  ON "t25"."period_start" = "t43"."period_start"
  AND "t45"."segment" IS NOT DISTINCT FROM "t43"."segment"

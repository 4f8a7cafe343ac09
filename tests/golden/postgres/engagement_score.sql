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
      MAKE_DATE(2026, 4, 1) + MAKE_INTERVAL(months => CAST("t12"."i" * 1 AS INT)) AS "state_start"
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
    ) AS "t12"
  ) AS "t20"
), "t44" AS (
  SELECT
    "t43"."period_start",
    "t43"."segment",
    AVG("t43"."score") AS "value"
  FROM (
    SELECT
      "t42"."account_id",
      "t42"."period_start",
      "t42"."two_way",
      "t42"."outbound",
      "t42"."answered",
      "t42"."score",
      "t42"."segment"
    FROM (
      SELECT
        "t41"."account_id",
        "t41"."period_start",
        "t41"."two_way",
        "t41"."outbound",
        "t41"."answered",
        "t41"."score",
        "t8"."dim_account_id",
        "t8"."segment"
      FROM (
        SELECT
          "t39"."account_id",
          "t39"."period_start",
          "t39"."two_way",
          "t39"."outbound",
          "t39"."answered",
          CAST((
            0.0 + (
              COALESCE(LEAST(1.0, CAST("t39"."two_way" AS DOUBLE PRECISION) / 6) * 100.0, 0.0) * 0.5
            ) + (
              COALESCE(
                CASE
                  WHEN "t39"."outbound" = 0
                  THEN CAST(NULL AS DOUBLE PRECISION)
                  ELSE CAST((
                    "t39"."answered" * 100.0
                  ) AS DOUBLE PRECISION) / "t39"."outbound"
                END,
                0.0
              ) * 0.5
            )
          ) AS DOUBLE PRECISION) / CASE
            WHEN (
              0.0 + CASE
                WHEN (
                  LEAST(1.0, CAST("t39"."two_way" AS DOUBLE PRECISION) / 6) * 100.0
                ) IS NOT NULL
                THEN 0.5
                ELSE 0.0
              END + CASE
                WHEN CASE
                  WHEN "t39"."outbound" = 0
                  THEN CAST(NULL AS DOUBLE PRECISION)
                  ELSE CAST((
                    "t39"."answered" * 100.0
                  ) AS DOUBLE PRECISION) / "t39"."outbound"
                END IS NOT NULL
                THEN 0.5
                ELSE 0.0
              END
            ) = 0
            THEN CAST(NULL AS DOUBLE PRECISION)
            ELSE 0.0 + CASE
              WHEN (
                LEAST(1.0, CAST("t39"."two_way" AS DOUBLE PRECISION) / 6) * 100.0
              ) IS NOT NULL
              THEN 0.5
              ELSE 0.0
            END + CASE
              WHEN CASE
                WHEN "t39"."outbound" = 0
                THEN CAST(NULL AS DOUBLE PRECISION)
                ELSE CAST((
                  "t39"."answered" * 100.0
                ) AS DOUBLE PRECISION) / "t39"."outbound"
              END IS NOT NULL
              THEN 0.5
              ELSE 0.0
            END
          END AS "score"
        FROM (
          SELECT
            "t38"."account_id",
            "t38"."period_start",
            COALESCE(SUM("t38"."two_way"), 0) AS "two_way",
            COALESCE(SUM("t38"."outbound"), 0) AS "outbound",
            COALESCE(SUM("t38"."answered"), 0) AS "answered"
          FROM (
            SELECT
              "t37"."account_id",
              "t37"."period_start",
              "t37"."last",
              "t14"."tp_account",
              "t14"."day",
              "t14"."two_way",
              "t14"."outbound",
              "t14"."answered"
            FROM (
              SELECT
                "t35"."account_id",
                "t35"."period_start",
                LEAST(
                  (
                    "t35"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
                  ) - INTERVAL '1 DAY',
                  MAKE_DATE(2026, 10, 31)
                ) AS "last"
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
                                "t11"."subscription_id",
                                "t11"."account_id",
                                "t11"."start_date",
                                "t11"."end_date",
                                "t11"."mrr",
                                "t11"."plan"
                              FROM "t23" AS "t26"
                              INNER JOIN "t6" AS "t11"
                                ON "t11"."start_date" <= "t26"."last_day"
                                AND (
                                  (
                                    "t11"."end_date" IS NULL
                                  ) OR (
                                    "t11"."end_date" > "t26"."last_day"
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
                "t35"."end_mrr" > 0
                AND "t35"."period_start" >= MAKE_DATE(2026, 5, 1)
                AND "t35"."period_start" < MAKE_DATE(2026, 11, 1)
            ) AS "t37"
            LEFT OUTER JOIN (
              SELECT
                "t1"."account_id" AS "tp_account",
                DATE("t1"."occurred_at") AS "day",
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
              ON "t37"."account_id" = "t14"."tp_account"
              AND "t14"."day" <= "t37"."last"
              AND "t14"."day" > (
                "t37"."last" - INTERVAL '90 DAY'
              )
          ) AS "t38"
          GROUP BY
            1,
            2
        ) AS "t39"
        WHERE
          "t39"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t39"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t41"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t8"
        ON "t41"."account_id" = "t8"."dim_account_id"
    ) AS "t42"
  ) AS "t43"
  GROUP BY
    1,
    2
)
SELECT
  "t21"."period_start",
  "t51"."segment",
  "t49"."value"
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
        "t45"."segment"
      FROM "t44" AS "t45"
    ) AS "t46"
  ) AS "t48"
) AS "t51"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t44" AS "t45"
) AS "t49"
  ON "t21"."period_start" = "t49"."period_start"
  AND "t51"."segment" IS NOT DISTINCT FROM "t49"."segment"

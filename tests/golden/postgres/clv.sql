WITH "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t22" AS (
  SELECT
    "t19"."state_start",
    (
      "t19"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
    ) - INTERVAL '1 DAY' AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + MAKE_INTERVAL(months => CAST("t13"."i" * 1 AS INT)) AS "state_start"
    FROM (
      SELECT
        "ibis_table_unnest_column_0" AS "i"
      FROM (
        SELECT
          CASE
            WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN(42 - 0)
            THEN ARRAY_REMOVE(ARRAY(SELECT
              *
            FROM GENERATE_SERIES(0, 42, 1)), 42)
            ELSE CAST(ARRAY[] AS SMALLINT[])
          END AS "i"
      ) AS "t7"
      CROSS JOIN UNNEST("t7"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t13"
  ) AS "t19"
), "t43" AS (
  SELECT
    "t29"."period_start",
    "t29"."segment",
    (
      CAST("t29"."value" AS DOUBLE PRECISION) / CASE
        WHEN "t42"."churn" = 0
        THEN CAST(NULL AS DOUBLE PRECISION)
        ELSE "t42"."churn"
      END
    ) * 1.0 AS "value"
  FROM (
    SELECT
      "t23"."period_start",
      "t23"."segment",
      CAST("t23"."value" AS DOUBLE PRECISION) / CASE
        WHEN (
          "t23"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
        ) > MAKE_DATE(2026, 11, 1)
        THEN CAST(CAST(EXTRACT(epoch FROM CAST(MAKE_DATE(2026, 11, 1) AS TIMESTAMP) - CAST("t23"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS DOUBLE PRECISION) / 30.4375
        ELSE 1.0
      END AS "value"
    FROM (
      SELECT
        "t21"."period_start",
        "t21"."segment",
        CAST(SUM("t21"."amount") AS DOUBLE PRECISION) / COUNT(DISTINCT "t21"."account_id") AS "value"
      FROM (
        SELECT
          "t18"."invoice_id",
          "t18"."account_id",
          "t18"."issued_at",
          "t18"."amount",
          "t18"."kind",
          "t18"."period_start",
          "t18"."segment"
        FROM (
          SELECT
            "t14"."invoice_id",
            "t14"."account_id",
            "t14"."issued_at",
            "t14"."amount",
            "t14"."kind",
            "t14"."period_start",
            "t8"."dim_account_id",
            "t8"."segment"
          FROM (
            SELECT
              "t1"."invoice_id",
              "t1"."account_id",
              "t1"."issued_at",
              "t1"."amount",
              "t1"."kind",
              CAST(DATE_TRUNC('MONTH', "t1"."issued_at") AS DATE) AS "period_start"
            FROM "invoices" AS "t1"
            WHERE
              "t1"."issued_at" >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND "t1"."issued_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
          ) AS "t14"
          LEFT OUTER JOIN (
            SELECT
              "t0"."account_id" AS "dim_account_id",
              "t0"."segment"
            FROM "accounts" AS "t0"
          ) AS "t8"
            ON "t14"."account_id" = "t8"."dim_account_id"
        ) AS "t18"
      ) AS "t21"
      GROUP BY
        1,
        2
    ) AS "t23"
  ) AS "t29"
  LEFT OUTER JOIN (
    SELECT
      "t40"."period_start",
      "t40"."segment",
      CASE
        WHEN CASE
          WHEN (
            "t40"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) > MAKE_DATE(2026, 11, 1)
          THEN CAST(CAST(EXTRACT(epoch FROM CAST(MAKE_DATE(2026, 11, 1) AS TIMESTAMP) - CAST("t40"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS DOUBLE PRECISION) / 30.4375
          ELSE 1.0
        END = 1
        THEN "t40"."value"
        ELSE 1 - (
          POW(
            (
              1 - "t40"."value"
            ),
            (
              CAST(1 AS DOUBLE PRECISION) / CASE
                WHEN (
                  "t40"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
                ) > MAKE_DATE(2026, 11, 1)
                THEN CAST(CAST(EXTRACT(epoch FROM CAST(MAKE_DATE(2026, 11, 1) AS TIMESTAMP) - CAST("t40"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS DOUBLE PRECISION) / 30.4375
                ELSE 1.0
              END
            )
          )
        )
      END AS "churn"
    FROM (
      SELECT
        "t39"."period_start",
        "t39"."segment",
        CAST(SUM("t39"."_num") AS DOUBLE PRECISION) / CASE
          WHEN CAST(SUM("t39"."_den") AS DOUBLE PRECISION) = 0
          THEN CAST(NULL AS DOUBLE PRECISION)
          ELSE CAST(SUM("t39"."_den") AS DOUBLE PRECISION)
        END AS "value"
      FROM (
        SELECT
          "t38"."account_id",
          "t38"."period_start",
          "t38"."start_mrr",
          "t38"."end_mrr",
          "t38"."new",
          "t38"."expansion",
          "t38"."contraction",
          "t38"."churn",
          "t38"."reactivation",
          "t38"."churned",
          "t38"."acquired",
          "t38"."reactivated",
          "t38"."_num",
          "t38"."_den",
          "t38"."segment"
        FROM (
          SELECT
            "t37"."account_id",
            "t37"."period_start",
            "t37"."start_mrr",
            "t37"."end_mrr",
            "t37"."new",
            "t37"."expansion",
            "t37"."contraction",
            "t37"."churn",
            "t37"."reactivation",
            "t37"."churned",
            "t37"."acquired",
            "t37"."reactivated",
            "t37"."_num",
            "t37"."_den",
            "t8"."dim_account_id",
            "t8"."segment"
          FROM (
            SELECT
              "t35"."account_id",
              "t35"."period_start",
              "t35"."start_mrr",
              "t35"."end_mrr",
              "t35"."new",
              "t35"."expansion",
              "t35"."contraction",
              "t35"."churn",
              "t35"."reactivation",
              "t35"."churned",
              "t35"."acquired",
              "t35"."reactivated",
              CASE
                WHEN (
                  "t35"."start_mrr" > 0
                ) AND (
                  "t35"."end_mrr" = 0
                )
                THEN 1
                ELSE 0
              END AS "_num",
              CASE WHEN "t35"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
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
                    COALESCE(
                      LAG("t32"."mrr") OVER (
                        PARTITION BY "t32"."account_id"
                        ORDER BY "t32"."state_start" ASC
                        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                      ),
                      0.0
                    ) AS "prev_mrr",
                    SUM(CASE WHEN "t32"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                      PARTITION BY "t32"."account_id"
                      ORDER BY "t32"."state_start" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - CASE WHEN "t32"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
                  FROM (
                    SELECT
                      "t16"."account_id",
                      "t25"."state_start",
                      COALESCE("t31"."snap_mrr", 0.0) AS "mrr"
                    FROM (
                      SELECT
                        "t9"."account_id",
                        MIN("t9"."start_date") AS "first_day"
                      FROM "t6" AS "t9"
                      GROUP BY
                        1
                    ) AS "t16"
                    INNER JOIN "t22" AS "t25"
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
                        FROM "t22" AS "t26"
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
                    ) AS "t31"
                      ON "t16"."account_id" = "t31"."account_id"
                      AND "t25"."state_start" = "t31"."state_start"
                  ) AS "t32"
                ) AS "t33"
              ) AS "t34"
              GROUP BY
                1,
                2
            ) AS "t35"
            WHERE
              "t35"."period_start" >= MAKE_DATE(2026, 5, 1)
              AND "t35"."period_start" < MAKE_DATE(2026, 11, 1)
          ) AS "t37"
          LEFT OUTER JOIN (
            SELECT
              "t0"."account_id" AS "dim_account_id",
              "t0"."segment"
            FROM "accounts" AS "t0"
          ) AS "t8"
            ON "t37"."account_id" = "t8"."dim_account_id"
        ) AS "t38"
      ) AS "t39"
      GROUP BY
        1,
        2
    ) AS "t40"
  ) AS "t42"
    ON "t29"."period_start" = "t42"."period_start"
    AND "t29"."segment" IS NOT DISTINCT FROM "t42"."segment"
)
SELECT
  "t20"."period_start",
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
) AS "t20"
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
  ON "t20"."period_start" = "t48"."period_start"
  AND "t50"."segment" IS NOT DISTINCT FROM "t48"."segment"

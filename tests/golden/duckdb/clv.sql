WITH "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t22" AS (
  SELECT
    "t19"."state_start",
    (
      "t19"."state_start" + TO_MONTHS(1)
    ) - INTERVAL '1' DAY AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + TO_MONTHS("t13"."i" * 1) AS "state_start"
    FROM (
      SELECT
        "t7".*
        REPLACE ("ibis_table_unnest_column_0" AS "i")
      FROM (
        SELECT
          RANGE(0, 42, 1) AS "i"
      ) AS "t7"
      CROSS JOIN UNNEST("t7"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t13"
  ) AS "t19"
), "t42" AS (
  SELECT
    "t27"."period_start",
    "t27"."segment",
    (
      "t27"."value" / CASE WHEN "t41"."churn" = 0 THEN CAST(NULL AS DOUBLE) ELSE "t41"."churn" END
    ) * 1.0 AS "value"
  FROM (
    SELECT
      "t21"."period_start",
      "t21"."segment",
      (
        SUM("t21"."amount") / COUNT(DISTINCT "t21"."account_id")
      ) / 1.0 AS "value"
    FROM (
      SELECT
        "t18".*
        EXCLUDE ("dim_account_id")
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
            "t1"."issued_at" >= MAKE_TIMESTAMP(2026, 5, 1, 0, 0, 0.0)
            AND "t1"."issued_at" < MAKE_TIMESTAMP(2026, 11, 1, 0, 0, 0.0)
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
  ) AS "t27"
  LEFT OUTER JOIN (
    SELECT
      "t39"."period_start",
      "t39"."segment",
      "t39"."value" AS "churn"
    FROM (
      SELECT
        "t38"."period_start",
        "t38"."segment",
        CAST(SUM("t38"."_num") AS DOUBLE) / CASE
          WHEN CAST(SUM("t38"."_den") AS DOUBLE) = 0
          THEN CAST(NULL AS DOUBLE)
          ELSE CAST(SUM("t38"."_den") AS DOUBLE)
        END AS "value"
      FROM (
        SELECT
          "t37".*
          EXCLUDE ("dim_account_id")
        FROM (
          SELECT
            "t36"."account_id",
            "t36"."period_start",
            "t36"."start_mrr",
            "t36"."end_mrr",
            "t36"."new",
            "t36"."expansion",
            "t36"."contraction",
            "t36"."churn",
            "t36"."reactivation",
            "t36"."churned",
            "t36"."acquired",
            "t36"."reactivated",
            "t36"."_num",
            "t36"."_den",
            "t8"."dim_account_id",
            "t8"."segment"
          FROM (
            SELECT
              "t34"."account_id",
              "t34"."period_start",
              "t34"."start_mrr",
              "t34"."end_mrr",
              "t34"."new",
              "t34"."expansion",
              "t34"."contraction",
              "t34"."churn",
              "t34"."reactivation",
              "t34"."churned",
              "t34"."acquired",
              "t34"."reactivated",
              CASE
                WHEN (
                  "t34"."start_mrr" > 0
                ) AND (
                  "t34"."end_mrr" = 0
                )
                THEN 1
                ELSE 0
              END AS "_num",
              CASE WHEN "t34"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
            FROM (
              SELECT
                "t33"."account_id",
                "t33"."period_start",
                MAX(CASE WHEN "t33"."is_first" THEN "t33"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
                MAX(CASE WHEN "t33"."is_last" THEN "t33"."mrr" ELSE 0.0 END) AS "end_mrr",
                SUM("t33"."new") AS "new",
                SUM("t33"."expansion") AS "expansion",
                SUM("t33"."contraction") AS "contraction",
                SUM("t33"."churn") AS "churn",
                SUM("t33"."reactivation") AS "reactivation",
                MAX(CASE WHEN "t33"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
                MAX(CASE WHEN "t33"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
                MAX(CASE WHEN "t33"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
              FROM (
                SELECT
                  "t32"."account_id",
                  "t32"."state_start",
                  "t32"."mrr",
                  "t32"."prev_mrr",
                  "t32"."active_before",
                  CASE
                    WHEN (
                      "t32"."mrr" > 0
                    )
                    AND (
                      "t32"."prev_mrr" = 0
                    )
                    AND (
                      "t32"."active_before" = 0
                    )
                    THEN "t32"."mrr"
                    ELSE 0.0
                  END AS "new",
                  CASE
                    WHEN (
                      "t32"."mrr" > 0
                    )
                    AND (
                      "t32"."prev_mrr" = 0
                    )
                    AND (
                      "t32"."active_before" > 0
                    )
                    THEN "t32"."mrr"
                    ELSE 0.0
                  END AS "reactivation",
                  CASE
                    WHEN (
                      "t32"."prev_mrr" > 0
                    ) AND (
                      "t32"."mrr" > "t32"."prev_mrr"
                    )
                    THEN "t32"."mrr" - "t32"."prev_mrr"
                    ELSE 0.0
                  END AS "expansion",
                  CASE
                    WHEN (
                      "t32"."prev_mrr" > 0
                    )
                    AND (
                      "t32"."mrr" > 0
                    )
                    AND (
                      "t32"."mrr" < "t32"."prev_mrr"
                    )
                    THEN "t32"."prev_mrr" - "t32"."mrr"
                    ELSE 0.0
                  END AS "contraction",
                  CASE
                    WHEN (
                      "t32"."prev_mrr" > 0
                    ) AND (
                      "t32"."mrr" = 0
                    )
                    THEN "t32"."prev_mrr"
                    ELSE 0.0
                  END AS "churn",
                  DATE_TRUNC('MONTH', "t32"."state_start") AS "period_start",
                  DATE_TRUNC('MONTH', "t32"."state_start" - TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t32"."state_start") AS "is_first",
                  DATE_TRUNC('MONTH', "t32"."state_start" + TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t32"."state_start") AS "is_last"
                FROM (
                  SELECT
                    "t31"."account_id",
                    "t31"."state_start",
                    "t31"."mrr",
                    COALESCE(
                      LAG("t31"."mrr") OVER (
                        PARTITION BY "t31"."account_id"
                        ORDER BY "t31"."state_start" ASC
                        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                      ),
                      0.0
                    ) AS "prev_mrr",
                    SUM(CASE WHEN "t31"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                      PARTITION BY "t31"."account_id"
                      ORDER BY "t31"."state_start" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - CASE WHEN "t31"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
                  FROM (
                    SELECT
                      "t16"."account_id",
                      "t25"."state_start",
                      COALESCE("t30"."snap_mrr", 0.0) AS "mrr"
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
                        "t28"."account_id",
                        "t28"."state_start",
                        SUM("t28"."mrr") AS "snap_mrr"
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
                      ) AS "t28"
                      GROUP BY
                        1,
                        2
                    ) AS "t30"
                      ON "t16"."account_id" = "t30"."account_id"
                      AND "t25"."state_start" = "t30"."state_start"
                  ) AS "t31"
                ) AS "t32"
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
    ) AS "t39"
  ) AS "t41"
    ON "t27"."period_start" = "t41"."period_start"
    AND "t27"."segment" IS NOT DISTINCT FROM "t41"."segment"
)
SELECT
  "t20"."period_start",
  "t49"."segment",
  "t47"."value"
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
        "t43"."segment"
      FROM "t42" AS "t43"
    ) AS "t44"
  ) AS "t46"
) AS "t49"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t42" AS "t43"
) AS "t47"
  ON "t20"."period_start" = "t47"."period_start"
  AND "t49"."segment" IS NOT DISTINCT FROM "t47"."segment"

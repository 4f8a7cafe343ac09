WITH "t5" AS (
  SELECT
    *
  FROM "subscriptions" AS "t1"
), "t17" AS (
  SELECT
    "t15"."state_start",
    CASE
      WHEN (
        "t15"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t15"."state_start" + TO_MONTHS(1)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t15"."state_start" + TO_MONTHS(1)
      ) - INTERVAL '1' DAY
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + TO_MONTHS("t11"."i" * 1) AS "state_start"
    FROM (
      SELECT
        "t6".*
        REPLACE ("ibis_table_unnest_column_0" AS "i")
      FROM (
        SELECT
          RANGE(0, 42, 1) AS "i"
      ) AS "t6"
      CROSS JOIN UNNEST("t6"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t11"
  ) AS "t15"
), "t32" AS (
  SELECT
    "t31"."period_start",
    "t31"."segment",
    CAST(SUM("t31"."_num") AS DOUBLE) / CASE
      WHEN CAST(SUM("t31"."_den") AS DOUBLE) = 0
      THEN CAST(NULL AS DOUBLE)
      ELSE CAST(SUM("t31"."_den") AS DOUBLE)
    END AS "value"
  FROM (
    SELECT
      "t30".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t29"."account_id",
        "t29"."period_start",
        "t29"."start_mrr",
        "t29"."end_mrr",
        "t29"."new",
        "t29"."expansion",
        "t29"."contraction",
        "t29"."churn",
        "t29"."reactivation",
        "t29"."churned",
        "t29"."acquired",
        "t29"."reactivated",
        "t29"."_num",
        "t29"."_den",
        "t7"."dim_account_id",
        "t7"."segment"
      FROM (
        SELECT
          "t27"."account_id",
          "t27"."period_start",
          "t27"."start_mrr",
          "t27"."end_mrr",
          "t27"."new",
          "t27"."expansion",
          "t27"."contraction",
          "t27"."churn",
          "t27"."reactivation",
          "t27"."churned",
          "t27"."acquired",
          "t27"."reactivated",
          CASE
            WHEN (
              "t27"."end_mrr" > 0
            ) AND (
              (
                "t27"."acquired" + 0
              ) = 0
            )
            THEN 1
            ELSE 0
          END AS "_num",
          CASE WHEN "t27"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
        FROM (
          SELECT
            "t26"."account_id",
            "t26"."period_start",
            MAX(CASE WHEN "t26"."is_first" THEN "t26"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
            MAX(CASE WHEN "t26"."is_last" THEN "t26"."mrr" ELSE 0.0 END) AS "end_mrr",
            SUM("t26"."new") AS "new",
            SUM("t26"."expansion") AS "expansion",
            SUM("t26"."contraction") AS "contraction",
            SUM("t26"."churn") AS "churn",
            SUM("t26"."reactivation") AS "reactivation",
            MAX(CASE WHEN "t26"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
            MAX(CASE WHEN "t26"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
            MAX(CASE WHEN "t26"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
          FROM (
            SELECT
              "t25"."account_id",
              "t25"."state_start",
              "t25"."mrr",
              "t25"."prev_mrr",
              "t25"."active_before",
              CASE
                WHEN (
                  "t25"."mrr" > 0
                )
                AND (
                  "t25"."prev_mrr" = 0
                )
                AND (
                  "t25"."active_before" = 0
                )
                THEN "t25"."mrr"
                ELSE 0.0
              END AS "new",
              CASE
                WHEN (
                  "t25"."mrr" > 0
                )
                AND (
                  "t25"."prev_mrr" = 0
                )
                AND (
                  "t25"."active_before" > 0
                )
                THEN "t25"."mrr"
                ELSE 0.0
              END AS "reactivation",
              CASE
                WHEN (
                  "t25"."prev_mrr" > 0
                ) AND (
                  "t25"."mrr" > "t25"."prev_mrr"
                )
                THEN "t25"."mrr" - "t25"."prev_mrr"
                ELSE 0.0
              END AS "expansion",
              CASE
                WHEN (
                  "t25"."prev_mrr" > 0
                )
                AND (
                  "t25"."mrr" > 0
                )
                AND (
                  "t25"."mrr" < "t25"."prev_mrr"
                )
                THEN "t25"."prev_mrr" - "t25"."mrr"
                ELSE 0.0
              END AS "contraction",
              CASE
                WHEN (
                  "t25"."prev_mrr" > 0
                ) AND (
                  "t25"."mrr" = 0
                )
                THEN "t25"."prev_mrr"
                ELSE 0.0
              END AS "churn",
              DATE_TRUNC('MONTH', "t25"."state_start") AS "period_start",
              DATE_TRUNC('MONTH', "t25"."state_start" - TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t25"."state_start") AS "is_first",
              DATE_TRUNC('MONTH', "t25"."state_start" + TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t25"."state_start") AS "is_last"
            FROM (
              SELECT
                "t24"."account_id",
                "t24"."state_start",
                "t24"."mrr",
                COALESCE(
                  LAG("t24"."mrr") OVER (
                    PARTITION BY "t24"."account_id"
                    ORDER BY "t24"."state_start" ASC
                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                  ),
                  0.0
                ) AS "prev_mrr",
                SUM(CASE WHEN "t24"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY "t24"."account_id"
                  ORDER BY "t24"."state_start" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) - CASE WHEN "t24"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
              FROM (
                SELECT
                  "t13"."account_id",
                  "t19"."state_start",
                  COALESCE("t23"."snap_mrr", 0.0) AS "mrr"
                FROM (
                  SELECT
                    "t8"."account_id",
                    MIN("t8"."start_date") AS "first_day"
                  FROM "t5" AS "t8"
                  GROUP BY
                    1
                ) AS "t13"
                INNER JOIN "t17" AS "t19"
                  ON "t13"."first_day" <= "t19"."last_day"
                LEFT OUTER JOIN (
                  SELECT
                    "t21"."account_id",
                    "t21"."state_start",
                    SUM("t21"."mrr") AS "snap_mrr"
                  FROM (
                    SELECT
                      "t20"."state_start",
                      "t20"."last_day",
                      "t10"."subscription_id",
                      "t10"."account_id",
                      "t10"."start_date",
                      "t10"."end_date",
                      "t10"."mrr",
                      "t10"."plan"
                    FROM "t17" AS "t20"
                    INNER JOIN "t5" AS "t10"
                      ON "t10"."start_date" <= "t20"."last_day"
                      AND (
                        (
                          "t10"."end_date" IS NULL
                        ) OR (
                          "t10"."end_date" > "t20"."last_day"
                        )
                      )
                  ) AS "t21"
                  GROUP BY
                    1,
                    2
                ) AS "t23"
                  ON "t13"."account_id" = "t23"."account_id"
                  AND "t19"."state_start" = "t23"."state_start"
              ) AS "t24"
            ) AS "t25"
          ) AS "t26"
          GROUP BY
            1,
            2
        ) AS "t27"
        WHERE
          "t27"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t27"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t29"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t7"
        ON "t29"."account_id" = "t7"."dim_account_id"
    ) AS "t30"
  ) AS "t31"
  GROUP BY
    1,
    2
)
SELECT
  "t16"."period_start",
  "t39"."segment",
  "t37"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t9"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t2".*
      REPLACE ("ibis_table_unnest_column_2" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t9"
) AS "t16"
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
    ) AS "t3"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t33"."segment"
      FROM "t32" AS "t33"
    ) AS "t34"
  ) AS "t36"
) AS "t39"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t32" AS "t33"
) AS "t37"
  ON "t16"."period_start" = "t37"."period_start"
  AND "t39"."segment" IS NOT DISTINCT FROM "t37"."segment"

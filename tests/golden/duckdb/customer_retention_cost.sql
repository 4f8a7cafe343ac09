WITH "t3" AS (
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
      MAKE_DATE(2023, 5, 1) + TO_MONTHS("t9"."i" * 1) AS "state_start"
    FROM (
      SELECT
        "t4".*
        REPLACE ("ibis_table_unnest_column_0" AS "i")
      FROM (
        SELECT
          RANGE(0, 42, 1) AS "i"
      ) AS "t4"
      CROSS JOIN UNNEST("t4"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t9"
  ) AS "t15"
)
SELECT
  "t16"."period_start",
  "t33"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t7"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t2".*
      REPLACE ("ibis_table_unnest_column_2" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t7"
) AS "t16"
LEFT OUTER JOIN (
  SELECT
    *
  FROM (
    SELECT
      "t30"."period_start",
      COALESCE("t12"."value", 0.0) / CASE WHEN "t30"."value" = 0 THEN CAST(NULL AS DOUBLE) ELSE "t30"."value" END AS "value"
    FROM (
      SELECT
        "t28"."period_start",
        CAST(SUM(CASE WHEN "t28"."end_mrr" > 0 THEN 1 ELSE 0 END) AS DOUBLE) AS "value"
      FROM (
        SELECT
          *
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
                    "t6"."account_id",
                    MIN("t6"."start_date") AS "first_day"
                  FROM "t3" AS "t6"
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
                      "t8"."subscription_id",
                      "t8"."account_id",
                      "t8"."start_date",
                      "t8"."end_date",
                      "t8"."mrr",
                      "t8"."plan"
                    FROM "t17" AS "t20"
                    INNER JOIN "t3" AS "t8"
                      ON "t8"."start_date" <= "t20"."last_day"
                      AND (
                        (
                          "t8"."end_date" IS NULL
                        ) OR (
                          "t8"."end_date" > "t20"."last_day"
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
      ) AS "t28"
      GROUP BY
        1
    ) AS "t30"
    LEFT OUTER JOIN (
      SELECT
        "t5"."period_start",
        SUM("t5"."amount") AS "value"
      FROM (
        SELECT
          DATE_TRUNC('MONTH', "t0"."period_start") AS "period_start",
          "t0"."amount",
          "t0"."category"
        FROM "cs_costs" AS "t0"
        WHERE
          "t0"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t0"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t5"
      GROUP BY
        1
    ) AS "t12"
      ON "t30"."period_start" = "t12"."period_start"
  ) AS "t31"
) AS "t33"
  ON "t16"."period_start" = "t33"."period_start"

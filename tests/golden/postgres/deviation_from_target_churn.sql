WITH "t4" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t22" AS (
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
      MAKE_DATE(2023, 5, 1) + MAKE_INTERVAL(months => CAST("t14"."i" * 1 AS INT)) AS "state_start"
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
    ) AS "t14"
  ) AS "t20"
), "t37" AS (
  SELECT
    "t36"."period_start",
    "t36"."segment",
    CAST(SUM("t36"."_num") AS DOUBLE PRECISION) / CASE
      WHEN CAST(SUM("t36"."_den") AS DOUBLE PRECISION) = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE CAST(SUM("t36"."_den") AS DOUBLE PRECISION)
    END AS "value"
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
      "t35"."_num",
      "t35"."_den",
      "t35"."segment"
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
        "t34"."_num",
        "t34"."_den",
        "t9"."dim_account_id",
        "t9"."segment"
      FROM (
        SELECT
          "t32"."account_id",
          "t32"."period_start",
          "t32"."start_mrr",
          "t32"."end_mrr",
          "t32"."new",
          "t32"."expansion",
          "t32"."contraction",
          "t32"."churn",
          "t32"."reactivation",
          "t32"."churned",
          "t32"."acquired",
          "t32"."reactivated",
          CASE
            WHEN (
              "t32"."start_mrr" > 0
            ) AND (
              "t32"."end_mrr" = 0
            )
            THEN 1
            ELSE 0
          END AS "_num",
          CASE WHEN "t32"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
        FROM (
          SELECT
            "t31"."account_id",
            "t31"."period_start",
            MAX(CASE WHEN "t31"."is_first" THEN "t31"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
            MAX(CASE WHEN "t31"."is_last" THEN "t31"."mrr" ELSE 0.0 END) AS "end_mrr",
            SUM("t31"."new") AS "new",
            SUM("t31"."expansion") AS "expansion",
            SUM("t31"."contraction") AS "contraction",
            SUM("t31"."churn") AS "churn",
            SUM("t31"."reactivation") AS "reactivation",
            MAX(CASE WHEN "t31"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
            MAX(CASE WHEN "t31"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
            MAX(CASE WHEN "t31"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
          FROM (
            SELECT
              "t30"."account_id",
              "t30"."state_start",
              "t30"."mrr",
              "t30"."prev_mrr",
              "t30"."active_before",
              CASE
                WHEN (
                  "t30"."mrr" > 0
                )
                AND (
                  "t30"."prev_mrr" = 0
                )
                AND (
                  "t30"."active_before" = 0
                )
                THEN "t30"."mrr"
                ELSE 0.0
              END AS "new",
              CASE
                WHEN (
                  "t30"."mrr" > 0
                )
                AND (
                  "t30"."prev_mrr" = 0
                )
                AND (
                  "t30"."active_before" > 0
                )
                THEN "t30"."mrr"
                ELSE 0.0
              END AS "reactivation",
              CASE
                WHEN (
                  "t30"."prev_mrr" > 0
                ) AND (
                  "t30"."mrr" > "t30"."prev_mrr"
                )
                THEN "t30"."mrr" - "t30"."prev_mrr"
                ELSE 0.0
              END AS "expansion",
              CASE
                WHEN (
                  "t30"."prev_mrr" > 0
                )
                AND (
                  "t30"."mrr" > 0
                )
                AND (
                  "t30"."mrr" < "t30"."prev_mrr"
                )
                THEN "t30"."prev_mrr" - "t30"."mrr"
                ELSE 0.0
              END AS "contraction",
              CASE
                WHEN (
                  "t30"."prev_mrr" > 0
                ) AND (
                  "t30"."mrr" = 0
                )
                THEN "t30"."prev_mrr"
                ELSE 0.0
              END AS "churn",
              DATE_TRUNC('MONTH', "t30"."state_start") AS "period_start",
              DATE_TRUNC('MONTH', "t30"."state_start" - MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t30"."state_start") AS "is_first",
              DATE_TRUNC('MONTH', "t30"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t30"."state_start") AS "is_last"
            FROM (
              SELECT
                "t29"."account_id",
                "t29"."state_start",
                "t29"."mrr",
                COALESCE(
                  LAG("t29"."mrr") OVER (
                    PARTITION BY "t29"."account_id"
                    ORDER BY "t29"."state_start" ASC
                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                  ),
                  0.0
                ) AS "prev_mrr",
                SUM(CASE WHEN "t29"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY "t29"."account_id"
                  ORDER BY "t29"."state_start" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) - CASE WHEN "t29"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
              FROM (
                SELECT
                  "t18"."account_id",
                  "t24"."state_start",
                  COALESCE("t28"."snap_mrr", 0.0) AS "mrr"
                FROM (
                  SELECT
                    "t11"."account_id",
                    MIN("t11"."start_date") AS "first_day"
                  FROM "t6" AS "t11"
                  GROUP BY
                    1
                ) AS "t18"
                INNER JOIN "t22" AS "t24"
                  ON "t18"."first_day" <= "t24"."last_day"
                LEFT OUTER JOIN (
                  SELECT
                    "t26"."account_id",
                    "t26"."state_start",
                    SUM("t26"."mrr") AS "snap_mrr"
                  FROM (
                    SELECT
                      "t25"."state_start",
                      "t25"."last_day",
                      "t13"."subscription_id",
                      "t13"."account_id",
                      "t13"."start_date",
                      "t13"."end_date",
                      "t13"."mrr",
                      "t13"."plan"
                    FROM "t22" AS "t25"
                    INNER JOIN "t6" AS "t13"
                      ON "t13"."start_date" <= "t25"."last_day"
                      AND (
                        (
                          "t13"."end_date" IS NULL
                        ) OR (
                          "t13"."end_date" > "t25"."last_day"
                        )
                      )
                  ) AS "t26"
                  GROUP BY
                    1,
                    2
                ) AS "t28"
                  ON "t18"."account_id" = "t28"."account_id"
                  AND "t24"."state_start" = "t28"."state_start"
              ) AS "t29"
            ) AS "t30"
          ) AS "t31"
          GROUP BY
            1,
            2
        ) AS "t32"
        WHERE
          "t32"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t32"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t34"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t9"
        ON "t34"."account_id" = "t9"."dim_account_id"
    ) AS "t35"
  ) AS "t36"
  GROUP BY
    1,
    2
), "t45" AS (
  SELECT
    "t21"."period_start",
    "t44"."segment",
    CASE
      WHEN "t17"."rows" = 1
      THEN "t42"."value" - "t17"."target"
      ELSE CAST(NULL AS DOUBLE PRECISION)
    END AS "value"
  FROM (
    SELECT
      MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t12"."i" * 1 AS INT)) AS "period_start"
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
    ) AS "t12"
  ) AS "t21"
  CROSS JOIN (
    SELECT DISTINCT
      *
    FROM (
      SELECT
        *
      FROM "t4" AS "t8"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t38"."segment"
        FROM "t37" AS "t38"
      ) AS "t39"
    ) AS "t41"
  ) AS "t44"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM "t37" AS "t38"
  ) AS "t42"
    ON "t21"."period_start" = "t42"."period_start"
    AND "t44"."segment" IS NOT DISTINCT FROM "t42"."segment"
  LEFT OUTER JOIN (
    SELECT
      "t10"."target_start",
      COUNT(*) AS "rows",
      MAX("t10"."target") AS "target"
    FROM (
      SELECT
        "t1"."metric",
        "t1"."period_start",
        "t1"."target",
        DATE_TRUNC('MONTH', "t1"."period_start") AS "target_start"
      FROM "targets" AS "t1"
      WHERE
        "t1"."metric" = 'customer_churn_rate'
    ) AS "t10"
    GROUP BY
      1
  ) AS "t17"
    ON "t21"."period_start" = "t17"."target_start"
)
SELECT
  "t21"."period_start",
  "t52"."segment",
  "t50"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t12"."i" * 1 AS INT)) AS "period_start"
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
  ) AS "t12"
) AS "t21"
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM "t4" AS "t8"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t46"."segment"
      FROM "t45" AS "t46"
    ) AS "t47"
  ) AS "t49"
) AS "t52"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t45" AS "t46"
) AS "t50"
  ON "t21"."period_start" = "t50"."period_start"
  AND "t52"."segment" IS NOT DISTINCT FROM "t50"."segment"

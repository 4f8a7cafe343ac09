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
            "t18"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) - INTERVAL '1 DAY'
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t18"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
      ) - INTERVAL '1 DAY'
    END AS "last_day"
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
  ) AS "t18"
), "t38" AS (
  SELECT
    "t37"."period_start",
    "t37"."segment",
    CAST(SUM("t37"."_num") AS DOUBLE PRECISION) / CASE
      WHEN CAST(SUM("t37"."_den") AS DOUBLE PRECISION) = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE CAST(SUM("t37"."_den") AS DOUBLE PRECISION)
    END AS "value"
  FROM (
    SELECT
      "t36"."account_id",
      "t36"."period_start",
      "t36"."referred",
      "t36"."_num",
      "t36"."_den",
      "t36"."segment"
    FROM (
      SELECT
        "t35"."account_id",
        "t35"."period_start",
        "t35"."referred",
        "t35"."_num",
        "t35"."_den",
        "t8"."dim_account_id",
        "t8"."segment"
      FROM (
        SELECT
          "t33"."account_id",
          "t33"."period_start",
          "t33"."referred",
          "t33"."referred" AS "_num",
          1 AS "_den"
        FROM (
          SELECT
            "t32"."account_id",
            "t32"."period_start",
            CASE WHEN "t14"."referrer" IS NOT NULL THEN 1 ELSE 0 END AS "referred"
          FROM (
            SELECT
              *
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
                  DATE_TRUNC('MONTH', "t28"."state_start" - MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t28"."state_start") AS "is_first",
                  DATE_TRUNC('MONTH', "t28"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t28"."state_start") AS "is_last"
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
                          "t12"."subscription_id",
                          "t12"."account_id",
                          "t12"."start_date",
                          "t12"."end_date",
                          "t12"."mrr",
                          "t12"."plan"
                        FROM "t20" AS "t23"
                        INNER JOIN "t6" AS "t12"
                          ON "t12"."start_date" <= "t23"."last_day"
                          AND (
                            (
                              "t12"."end_date" IS NULL
                            ) OR (
                              "t12"."end_date" > "t23"."last_day"
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
              "t30"."start_mrr" > 0
          ) AS "t32"
          LEFT OUTER JOIN (
            SELECT DISTINCT
              "t1"."referrer_account_id" AS "referrer",
              CAST(DATE_TRUNC('MONTH', "t1"."referred_at") AS DATE) AS "referred_in"
            FROM "referrals" AS "t1"
            WHERE
              "t1"."referred_at" >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND "t1"."referred_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
          ) AS "t14"
            ON "t32"."account_id" = "t14"."referrer"
            AND "t32"."period_start" = "t14"."referred_in"
        ) AS "t33"
        WHERE
          "t33"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t33"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t35"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t8"
        ON "t35"."account_id" = "t8"."dim_account_id"
    ) AS "t36"
  ) AS "t37"
  GROUP BY
    1,
    2
)
SELECT
  "t19"."period_start",
  "t45"."segment",
  "t43"."value"
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
  ON "t19"."period_start" = "t43"."period_start"
  AND "t45"."segment" IS NOT DISTINCT FROM "t43"."segment"

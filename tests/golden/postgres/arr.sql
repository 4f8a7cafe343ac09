WITH "t3" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t5" AS (
  SELECT
    *
  FROM "subscriptions" AS "t1"
), "t18" AS (
  SELECT
    "t16"."state_start",
    CASE
      WHEN (
        "t16"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t16"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) - INTERVAL '1 DAY'
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t16"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
      ) - INTERVAL '1 DAY'
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + MAKE_INTERVAL(months => CAST("t12"."i" * 1 AS INT)) AS "state_start"
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
      ) AS "t6"
      CROSS JOIN UNNEST("t6"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t12"
  ) AS "t16"
), "t31" AS (
  SELECT
    "t30"."period_start",
    "t30"."segment",
    SUM("t30"."mrr") AS "value"
  FROM (
    SELECT
      "t29"."account_id",
      "t29"."state_start",
      "t29"."mrr",
      "t29"."prev_mrr",
      "t29"."active_before",
      "t29"."new",
      "t29"."reactivation",
      "t29"."expansion",
      "t29"."contraction",
      "t29"."churn",
      "t29"."period_start",
      "t29"."is_first",
      "t29"."is_last",
      "t29"."segment"
    FROM (
      SELECT
        "t28"."account_id",
        "t28"."state_start",
        "t28"."mrr",
        "t28"."prev_mrr",
        "t28"."active_before",
        "t28"."new",
        "t28"."reactivation",
        "t28"."expansion",
        "t28"."contraction",
        "t28"."churn",
        "t28"."period_start",
        "t28"."is_first",
        "t28"."is_last",
        "t8"."dim_account_id",
        "t8"."segment"
      FROM (
        SELECT
          "t26"."account_id",
          "t26"."state_start",
          "t26"."mrr",
          "t26"."prev_mrr",
          "t26"."active_before",
          CASE
            WHEN (
              "t26"."mrr" > 0
            )
            AND (
              "t26"."prev_mrr" = 0
            )
            AND (
              "t26"."active_before" = 0
            )
            THEN "t26"."mrr"
            ELSE 0.0
          END AS "new",
          CASE
            WHEN (
              "t26"."mrr" > 0
            )
            AND (
              "t26"."prev_mrr" = 0
            )
            AND (
              "t26"."active_before" > 0
            )
            THEN "t26"."mrr"
            ELSE 0.0
          END AS "reactivation",
          CASE
            WHEN (
              "t26"."prev_mrr" > 0
            ) AND (
              "t26"."mrr" > "t26"."prev_mrr"
            )
            THEN "t26"."mrr" - "t26"."prev_mrr"
            ELSE 0.0
          END AS "expansion",
          CASE
            WHEN (
              "t26"."prev_mrr" > 0
            )
            AND (
              "t26"."mrr" > 0
            )
            AND (
              "t26"."mrr" < "t26"."prev_mrr"
            )
            THEN "t26"."prev_mrr" - "t26"."mrr"
            ELSE 0.0
          END AS "contraction",
          CASE
            WHEN (
              "t26"."prev_mrr" > 0
            ) AND (
              "t26"."mrr" = 0
            )
            THEN "t26"."prev_mrr"
            ELSE 0.0
          END AS "churn",
          DATE_TRUNC('MONTH', "t26"."state_start") AS "period_start",
          DATE_TRUNC('MONTH', "t26"."state_start" - MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t26"."state_start") AS "is_first",
          DATE_TRUNC('MONTH', "t26"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t26"."state_start") AS "is_last"
        FROM (
          SELECT
            "t25"."account_id",
            "t25"."state_start",
            "t25"."mrr",
            COALESCE(
              LAG("t25"."mrr") OVER (
                PARTITION BY "t25"."account_id"
                ORDER BY "t25"."state_start" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
              ),
              0.0
            ) AS "prev_mrr",
            SUM(CASE WHEN "t25"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
              PARTITION BY "t25"."account_id"
              ORDER BY "t25"."state_start" ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) - CASE WHEN "t25"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
          FROM (
            SELECT
              "t14"."account_id",
              "t20"."state_start",
              COALESCE("t24"."snap_mrr", 0.0) AS "mrr"
            FROM (
              SELECT
                "t9"."account_id",
                MIN("t9"."start_date") AS "first_day"
              FROM "t5" AS "t9"
              GROUP BY
                1
            ) AS "t14"
            INNER JOIN "t18" AS "t20"
              ON "t14"."first_day" <= "t20"."last_day"
            LEFT OUTER JOIN (
              SELECT
                "t22"."account_id",
                "t22"."state_start",
                SUM("t22"."mrr") AS "snap_mrr"
              FROM (
                SELECT
                  "t21"."state_start",
                  "t21"."last_day",
                  "t11"."subscription_id",
                  "t11"."account_id",
                  "t11"."start_date",
                  "t11"."end_date",
                  "t11"."mrr",
                  "t11"."plan"
                FROM "t18" AS "t21"
                INNER JOIN "t5" AS "t11"
                  ON "t11"."start_date" <= "t21"."last_day"
                  AND (
                    (
                      "t11"."end_date" IS NULL
                    ) OR (
                      "t11"."end_date" > "t21"."last_day"
                    )
                  )
              ) AS "t22"
              GROUP BY
                1,
                2
            ) AS "t24"
              ON "t14"."account_id" = "t24"."account_id"
              AND "t20"."state_start" = "t24"."state_start"
          ) AS "t25"
        ) AS "t26"
        WHERE
          DATE_TRUNC('MONTH', "t26"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t26"."state_start")
          AND DATE_TRUNC('MONTH', "t26"."state_start") >= MAKE_DATE(2026, 5, 1)
          AND DATE_TRUNC('MONTH', "t26"."state_start") < MAKE_DATE(2026, 11, 1)
      ) AS "t28"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t8"
        ON "t28"."account_id" = "t8"."dim_account_id"
    ) AS "t29"
  ) AS "t30"
  GROUP BY
    1,
    2
), "t39" AS (
  SELECT
    "t17"."period_start",
    "t38"."segment",
    COALESCE("t36"."value", 0.0) AS "value"
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
      ) AS "t2"
      CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
    ) AS "t10"
  ) AS "t17"
  CROSS JOIN (
    SELECT DISTINCT
      *
    FROM (
      SELECT
        *
      FROM "t3" AS "t7"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t32"."segment"
        FROM "t31" AS "t32"
      ) AS "t33"
    ) AS "t35"
  ) AS "t38"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM "t31" AS "t32"
  ) AS "t36"
    ON "t17"."period_start" = "t36"."period_start"
    AND "t38"."segment" IS NOT DISTINCT FROM "t36"."segment"
)
SELECT
  "t17"."period_start",
  "t46"."segment",
  COALESCE("t44"."value", 0.0) AS "value"
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
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t10"
) AS "t17"
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM "t3" AS "t7"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t40"."segment"
      FROM "t39" AS "t40"
    ) AS "t41"
  ) AS "t42"
) AS "t46"
LEFT OUTER JOIN (
  SELECT
    "t40"."period_start",
    "t40"."segment",
    "t40"."value" * 12 AS "value"
  FROM "t39" AS "t40"
) AS "t44"
  ON "t17"."period_start" = "t44"."period_start"
  AND "t46"."segment" IS NOT DISTINCT FROM "t44"."segment"

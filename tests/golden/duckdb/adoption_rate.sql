WITH "t16" AS (
  SELECT
    "t15"."period_start",
    "t15"."segment",
    CAST(SUM("t15"."adopted") AS DOUBLE) / COUNT(*) AS "value"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t13"."user_id",
        "t13"."period_start",
        "t13"."segment",
        MAX("t13"."active") AS "active",
        MAX("t13"."adopted") AS "adopted"
      FROM (
        SELECT
          "t11"."user_id",
          "t11"."account_id",
          "t11"."occurred_at",
          "t11"."event_name",
          "t11"."feature",
          "t11"."segment",
          CAST(DATE_TRUNC('MONTH', "t11"."occurred_at") AS DATE) AS "period_start",
          CASE WHEN "t11"."event_name" IS NOT NULL THEN 1 ELSE 0 END AS "active",
          CASE WHEN "t11"."feature" IS NOT NULL THEN 1 ELSE 0 END AS "adopted"
        FROM (
          SELECT
            "t9".*
            EXCLUDE ("dim_account_id")
          FROM (
            SELECT
              "t8"."user_id",
              "t8"."account_id",
              "t8"."occurred_at",
              "t8"."event_name",
              "t8"."feature",
              "t5"."dim_account_id",
              "t5"."segment"
            FROM (
              SELECT
                *
              FROM "events" AS "t1"
              WHERE
                "t1"."occurred_at" >= MAKE_TIMESTAMP(2026, 5, 1, 0, 0, 0.0)
                AND "t1"."occurred_at" < MAKE_TIMESTAMP(2026, 11, 1, 0, 0, 0.0)
            ) AS "t8"
            LEFT OUTER JOIN (
              SELECT
                "t0"."account_id" AS "dim_account_id",
                "t0"."segment"
              FROM "accounts" AS "t0"
            ) AS "t5"
              ON "t8"."account_id" = "t5"."dim_account_id"
          ) AS "t9"
        ) AS "t11"
      ) AS "t13"
      GROUP BY
        1,
        2,
        3
    ) AS "t14"
    WHERE
      "t14"."active" = 1
  ) AS "t15"
  GROUP BY
    1,
    2
)
SELECT
  "t12"."period_start",
  "t23"."segment",
  "t21"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t7"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t2".*
      REPLACE ("ibis_table_unnest_column_0" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
  ) AS "t7"
) AS "t12"
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
        "t17"."segment"
      FROM "t16" AS "t17"
    ) AS "t18"
  ) AS "t20"
) AS "t23"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t16" AS "t17"
) AS "t21"
  ON "t12"."period_start" = "t21"."period_start"
  AND "t23"."segment" IS NOT DISTINCT FROM "t21"."segment"

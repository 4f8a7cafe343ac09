WITH "t13" AS (
  SELECT
    "t12"."period_start",
    "t12"."segment",
    AVG("t12"."_v") AS "value"
  FROM (
    SELECT
      "t11".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t8"."call_id",
        "t8"."account_id",
        "t8"."queued_at",
        "t8"."answered_at",
        "t8"."ended_at",
        "t8"."abandoned",
        "t8"."_v",
        "t8"."period_start",
        "t5"."dim_account_id",
        "t5"."segment"
      FROM (
        SELECT
          "t1"."call_id",
          "t1"."account_id",
          "t1"."queued_at",
          "t1"."answered_at",
          "t1"."ended_at",
          "t1"."abandoned",
          CAST(DATE_DIFF('MICROSECOND', "t1"."queued_at", "t1"."answered_at") AS DOUBLE) / 3600000000 AS "_v",
          CAST(DATE_TRUNC('MONTH', "t1"."queued_at") AS DATE) AS "period_start"
        FROM "calls" AS "t1"
        WHERE
          "t1"."answered_at" IS NOT NULL
          AND NOT (
            "t1"."abandoned"
          )
          AND "t1"."queued_at" >= MAKE_TIMESTAMP(2026, 5, 1, 0, 0, 0.0)
          AND "t1"."queued_at" < MAKE_TIMESTAMP(2026, 11, 1, 0, 0, 0.0)
          AND (
            CAST(DATE_DIFF('MICROSECOND', "t1"."queued_at", "t1"."answered_at") AS DOUBLE) / 3600000000
          ) IS NOT NULL
      ) AS "t8"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t5"
        ON "t8"."account_id" = "t5"."dim_account_id"
    ) AS "t11"
  ) AS "t12"
  GROUP BY
    1,
    2
)
SELECT
  "t10"."period_start",
  "t20"."segment",
  "t18"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t6"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t2".*
      REPLACE ("ibis_table_unnest_column_0" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
  ) AS "t6"
) AS "t10"
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
        "t14"."segment"
      FROM "t13" AS "t14"
    ) AS "t15"
  ) AS "t17"
) AS "t20"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t13" AS "t14"
) AS "t18"
  ON "t10"."period_start" = "t18"."period_start"
  AND "t20"."segment" IS NOT DISTINCT FROM "t18"."segment"

WITH "t16" AS (
  SELECT
    "t15"."period_start",
    "t15"."segment",
    SUM("t15"."_num") / CASE WHEN SUM("t15"."_den") = 0 THEN CAST(NULL AS DOUBLE) ELSE SUM("t15"."_den") END AS "value"
  FROM (
    SELECT
      "t14".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t13"."account_id",
        "t13"."period_start",
        "t13"."now",
        "t13"."then",
        "t13"."_num",
        "t13"."_den",
        "t5"."dim_account_id",
        "t5"."segment"
      FROM (
        SELECT
          "t9"."account_id",
          "t9"."period_start",
          "t9"."now",
          "t9"."then",
          "t9"."now" - "t9"."then" AS "_num",
          "t9"."then" AS "_den"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t1"."account_id",
              CAST(DATE_TRUNC('MONTH', "t1"."issued_at") AS DATE) AS "period_start",
              "t1"."amount" AS "now",
              0.0 AS "then"
            FROM "invoices" AS "t1"
          ) AS "t7"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t1"."account_id",
              CAST(DATE_TRUNC('MONTH', "t1"."issued_at") AS DATE) + TO_MONTHS(1) AS "period_start",
              0.0 AS "now",
              "t1"."amount" AS "then"
            FROM "invoices" AS "t1"
          ) AS "t8"
        ) AS "t9"
        WHERE
          "t9"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t9"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t13"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t5"
        ON "t13"."account_id" = "t5"."dim_account_id"
    ) AS "t14"
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

WITH "t15" AS (
  SELECT
    "t14"."period_start",
    "t14"."segment",
    CAST(SUM("t14"."_num") AS DOUBLE) / CASE
      WHEN CAST(SUM("t14"."_den") AS DOUBLE) = 0
      THEN CAST(NULL AS DOUBLE)
      ELSE CAST(SUM("t14"."_den") AS DOUBLE)
    END AS "value"
  FROM (
    SELECT
      "t13".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t12"."account_id",
        "t12"."period_start",
        "t12"."n",
        "t12"."_num",
        "t12"."_den",
        "t5"."dim_account_id",
        "t5"."segment"
      FROM (
        SELECT
          "t8"."account_id",
          "t8"."period_start",
          "t8"."n",
          CASE WHEN "t8"."n" >= 2 THEN 1 ELSE 0 END AS "_num",
          1 AS "_den"
        FROM (
          SELECT
            "t7"."account_id",
            "t7"."period_start",
            COUNT(*) AS "n"
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
              "t1"."amount" > 0
              AND "t1"."issued_at" >= MAKE_TIMESTAMP(2026, 5, 1, 0, 0, 0.0)
              AND "t1"."issued_at" < MAKE_TIMESTAMP(2026, 11, 1, 0, 0, 0.0)
          ) AS "t7"
          GROUP BY
            1,
            2
        ) AS "t8"
        WHERE
          "t8"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t8"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t12"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t5"
        ON "t12"."account_id" = "t5"."dim_account_id"
    ) AS "t13"
  ) AS "t14"
  GROUP BY
    1,
    2
)
SELECT
  "t10"."period_start",
  "t22"."segment",
  "t20"."value"
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
        "t16"."segment"
      FROM "t15" AS "t16"
    ) AS "t17"
  ) AS "t19"
) AS "t22"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t15" AS "t16"
) AS "t20"
  ON "t10"."period_start" = "t20"."period_start"
  AND "t22"."segment" IS NOT DISTINCT FROM "t20"."segment"

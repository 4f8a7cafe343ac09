WITH "t15" AS (
  SELECT
    "t14"."period_start",
    "t14"."segment",
    SUM("t14"."n") AS "n"
  FROM (
    SELECT
      "t13"."day",
      "t13"."segment",
      "t13"."n",
      DATE_TRUNC('MONTH', "t13"."day") AS "period_start"
    FROM (
      SELECT
        "t11"."day",
        "t11"."segment",
        COUNT(DISTINCT "t11"."account_id") AS "n"
      FROM (
        SELECT
          "t9"."user_id",
          "t9"."account_id",
          "t9"."occurred_at",
          "t9"."event_name",
          "t9"."feature",
          "t9"."day",
          "t9"."segment"
        FROM (
          SELECT
            "t8"."user_id",
            "t8"."account_id",
            "t8"."occurred_at",
            "t8"."event_name",
            "t8"."feature",
            "t8"."day",
            "t5"."dim_account_id",
            "t5"."segment"
          FROM (
            SELECT
              "t1"."user_id",
              "t1"."account_id",
              "t1"."occurred_at",
              "t1"."event_name",
              "t1"."feature",
              DATE("t1"."occurred_at") AS "day"
            FROM "events" AS "t1"
            WHERE
              "t1"."occurred_at" >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND "t1"."occurred_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
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
      GROUP BY
        1,
        2
    ) AS "t13"
  ) AS "t14"
  GROUP BY
    1,
    2
)
SELECT
  "t12"."period_start",
  "t21"."segment",
  COALESCE("t22"."value", 0.0) AS "value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t7"."i" * 1 AS INT)) AS "period_start"
  FROM (
    SELECT
      "ibis_table_unnest_column_0" AS "i"
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
        "t16"."segment"
      FROM "t15" AS "t16"
    ) AS "t17"
  ) AS "t18"
) AS "t21"
LEFT OUTER JOIN (
  SELECT
    "t16"."period_start",
    "t16"."segment",
    CAST("t16"."n" AS DOUBLE PRECISION) / CAST(EXTRACT(epoch FROM CAST(LEAST(
      "t16"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT)),
      MAKE_DATE(2026, 11, 25)
    ) AS TIMESTAMP) - CAST("t16"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS "value"
  FROM "t15" AS "t16"
) AS "t22"
  ON "t12"."period_start" = "t22"."period_start"
  AND "t21"."segment" IS NOT DISTINCT FROM "t22"."segment"

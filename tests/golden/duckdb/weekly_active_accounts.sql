WITH "t19" AS (
  SELECT
    "t18"."account_id",
    "t18"."segment",
    "t18"."period",
    MIN("t18"."day") AS "day"
  FROM (
    SELECT
      "t17"."account_id",
      "t17"."segment",
      "t17"."day",
      DATE_TRUNC('WEEK', "t17"."day") AS "period"
    FROM (
      SELECT DISTINCT
        "t14"."account_id",
        "t14"."segment",
        CAST("t14"."occurred_at" AS DATE) AS "day"
      FROM (
        SELECT
          "t11".*
          EXCLUDE ("dim_account_id")
        FROM (
          SELECT
            "t10"."user_id",
            "t10"."account_id",
            "t10"."occurred_at",
            "t10"."event_name",
            "t10"."feature",
            "t6"."dim_account_id",
            "t6"."segment"
          FROM (
            SELECT
              *
            FROM "events" AS "t1"
            WHERE
              "t1"."occurred_at" >= MAKE_TIMESTAMP(2026, 4, 27, 0, 0, 0.0)
              AND "t1"."occurred_at" < MAKE_TIMESTAMP(2026, 11, 1, 0, 0, 0.0)
          ) AS "t10"
          LEFT OUTER JOIN (
            SELECT
              "t0"."account_id" AS "dim_account_id",
              "t0"."segment"
            FROM "accounts" AS "t0"
          ) AS "t6"
            ON "t10"."account_id" = "t6"."dim_account_id"
        ) AS "t11"
      ) AS "t14"
    ) AS "t17"
  ) AS "t18"
  GROUP BY
    1,
    2,
    3
), "t24" AS (
  SELECT
    "t23"."day",
    "t23"."segment",
    SUM("t23"."delta") AS "delta"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t20"."segment",
        "t20"."day",
        1 AS "delta"
      FROM "t19" AS "t20"
    ) AS "t21"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t20"."segment",
        "t20"."period" + TO_DAYS(7) AS "day",
        -1 AS "delta"
      FROM "t19" AS "t20"
    ) AS "t22"
  ) AS "t23"
  GROUP BY
    1,
    2
), "t30" AS (
  SELECT
    "t29"."day",
    "t29"."segment",
    "t29"."delta",
    SUM("t29"."delta") OVER (
      PARTITION BY "t29"."segment"
      ORDER BY "t29"."day" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "active",
    DATE_TRUNC('MONTH', "t29"."day") AS "period_start"
  FROM (
    SELECT
      "t16"."day",
      "t28"."segment",
      COALESCE("t26"."delta", 0) AS "delta"
    FROM (
      SELECT
        MAKE_DATE(2026, 4, 27) + TO_DAYS("t9"."i" * 1) AS "day"
      FROM (
        SELECT
          "t5".*
          REPLACE ("ibis_table_unnest_column_0" AS "i")
        FROM (
          SELECT
            RANGE(0, 188, 1) AS "i"
        ) AS "t5"
        CROSS JOIN UNNEST("t5"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
      ) AS "t9"
    ) AS "t16"
    CROSS JOIN (
      SELECT DISTINCT
        "t25"."segment"
      FROM "t24" AS "t25"
    ) AS "t28"
    LEFT OUTER JOIN "t24" AS "t26"
      ON "t16"."day" = "t26"."day"
      AND "t28"."segment" IS NOT DISTINCT FROM "t26"."segment"
  ) AS "t29"
)
SELECT
  "t15"."period_start",
  "t37"."segment",
  COALESCE("t34"."value", 0.0) AS "value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t8"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t2".*
      REPLACE ("ibis_table_unnest_column_2" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t8"
) AS "t15"
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
        "t31"."segment"
      FROM "t30" AS "t31"
      WHERE
        (
          (
            DATE_TRUNC('MONTH', "t31"."day" + INTERVAL '1' DAY) <> DATE_TRUNC('MONTH', "t31"."day")
          )
          OR (
            "t31"."day" = MAKE_DATE(2026, 10, 31)
          )
        )
        AND "t31"."day" <= MAKE_DATE(2026, 10, 31)
        AND "t31"."day" >= MAKE_DATE(2026, 5, 1)
        AND "t31"."day" < MAKE_DATE(2026, 11, 1)
    ) AS "t33"
  ) AS "t35"
) AS "t37"
LEFT OUTER JOIN (
  SELECT
    "t31"."period_start",
    "t31"."segment",
    CAST("t31"."active" AS DOUBLE) AS "value"
  FROM "t30" AS "t31"
  WHERE
    (
      (
        DATE_TRUNC('MONTH', "t31"."day" + INTERVAL '1' DAY) <> DATE_TRUNC('MONTH', "t31"."day")
      )
      OR (
        "t31"."day" = MAKE_DATE(2026, 10, 31)
      )
    )
    AND "t31"."day" <= MAKE_DATE(2026, 10, 31)
    AND "t31"."day" >= MAKE_DATE(2026, 5, 1)
    AND "t31"."day" < MAKE_DATE(2026, 11, 1)
) AS "t34"
  ON "t15"."period_start" = "t34"."period_start"
  AND "t37"."segment" IS NOT DISTINCT FROM "t34"."segment"

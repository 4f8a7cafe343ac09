WITH "t3" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t19" AS (
  SELECT
    "t17"."period_start",
    "t17"."segment",
    CAST(COUNT(DISTINCT "t17"."user_id") AS DOUBLE PRECISION) AS "value"
  FROM (
    SELECT
      "t15"."user_id",
      "t15"."account_id",
      "t15"."occurred_at",
      "t15"."event_name",
      "t15"."feature",
      "t15"."period_start",
      "t15"."segment"
    FROM (
      SELECT
        "t11"."user_id",
        "t11"."account_id",
        "t11"."occurred_at",
        "t11"."event_name",
        "t11"."feature",
        "t11"."period_start",
        "t6"."dim_account_id",
        "t6"."segment"
      FROM (
        SELECT
          "t1"."user_id",
          "t1"."account_id",
          "t1"."occurred_at",
          "t1"."event_name",
          "t1"."feature",
          CAST(DATE_TRUNC('MONTH', "t1"."occurred_at") AS DATE) AS "period_start"
        FROM "events" AS "t1"
        WHERE
          "t1"."occurred_at" >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
          AND "t1"."occurred_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
      ) AS "t11"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t6"
        ON "t11"."account_id" = "t6"."dim_account_id"
    ) AS "t15"
  ) AS "t17"
  GROUP BY
    1,
    2
), "t24" AS (
  SELECT
    "t20"."period_start",
    "t20"."segment",
    SUM("t20"."users") AS "users"
  FROM (
    SELECT
      "t18"."day",
      "t18"."segment",
      "t18"."users",
      DATE_TRUNC('MONTH', "t18"."day") AS "period_start"
    FROM (
      SELECT
        "t14"."day",
        "t14"."segment",
        COUNT(DISTINCT "t14"."user_id") AS "users"
      FROM (
        SELECT
          "t12"."user_id",
          "t12"."account_id",
          "t12"."occurred_at",
          "t12"."event_name",
          "t12"."feature",
          "t12"."day",
          "t12"."segment"
        FROM (
          SELECT
            "t9"."user_id",
            "t9"."account_id",
            "t9"."occurred_at",
            "t9"."event_name",
            "t9"."feature",
            "t9"."day",
            "t6"."dim_account_id",
            "t6"."segment"
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
          ) AS "t9"
          LEFT OUTER JOIN (
            SELECT
              "t0"."account_id" AS "dim_account_id",
              "t0"."segment"
            FROM "accounts" AS "t0"
          ) AS "t6"
            ON "t9"."account_id" = "t6"."dim_account_id"
        ) AS "t12"
      ) AS "t14"
      GROUP BY
        1,
        2
    ) AS "t18"
  ) AS "t20"
  GROUP BY
    1,
    2
), "t39" AS (
  SELECT
    "t16"."period_start",
    "t35"."segment",
    CAST(COALESCE("t34"."value", 0.0) AS DOUBLE PRECISION) / CASE WHEN "t38"."mau" = 0 THEN CAST(NULL AS DOUBLE PRECISION) ELSE "t38"."mau" END AS "value"
  FROM (
    SELECT
      MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t8"."i" * 1 AS INT)) AS "period_start"
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
    ) AS "t8"
  ) AS "t16"
  CROSS JOIN (
    SELECT DISTINCT
      *
    FROM (
      SELECT
        *
      FROM "t3" AS "t5"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t27"."segment"
        FROM "t24" AS "t27"
      ) AS "t29"
    ) AS "t31"
  ) AS "t35"
  LEFT OUTER JOIN (
    SELECT
      "t27"."period_start",
      "t27"."segment",
      CAST("t27"."users" AS DOUBLE PRECISION) / CAST(EXTRACT(epoch FROM CAST("t27"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT)) AS TIMESTAMP) - CAST("t27"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS "value"
    FROM "t24" AS "t27"
  ) AS "t34"
    ON "t16"."period_start" = "t34"."period_start"
    AND "t35"."segment" IS NOT DISTINCT FROM "t34"."segment"
  INNER JOIN (
    SELECT
      "t36"."period_start",
      "t36"."segment",
      "t36"."value" AS "mau"
    FROM (
      SELECT
        "t16"."period_start",
        "t30"."segment",
        COALESCE("t26"."value", 0.0) AS "value"
      FROM (
        SELECT
          MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t8"."i" * 1 AS INT)) AS "period_start"
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
        ) AS "t8"
      ) AS "t16"
      CROSS JOIN (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            *
          FROM "t3" AS "t5"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t21"."segment"
            FROM "t19" AS "t21"
          ) AS "t22"
        ) AS "t25"
      ) AS "t30"
      LEFT OUTER JOIN (
        SELECT
          *
        FROM "t19" AS "t21"
      ) AS "t26"
        ON "t16"."period_start" = "t26"."period_start"
        AND "t30"."segment" IS NOT DISTINCT FROM "t26"."segment"
    ) AS "t36"
  ) AS "t38"
    ON "t16"."period_start" = "t38"."period_start"
    AND "t35"."segment" IS NOT DISTINCT FROM "t38"."segment"
)
SELECT
  "t16"."period_start",
  "t46"."segment",
  "t44"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t8"."i" * 1 AS INT)) AS "period_start"
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
  ) AS "t8"
) AS "t16"
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM "t3" AS "t5"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t40"."segment"
      FROM "t39" AS "t40"
    ) AS "t41"
  ) AS "t43"
) AS "t46"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t39" AS "t40"
) AS "t44"
  ON "t16"."period_start" = "t44"."period_start"
  AND "t46"."segment" IS NOT DISTINCT FROM "t44"."segment"

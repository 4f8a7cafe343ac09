WITH "t15" AS (
  SELECT
    "t14"."period_start",
    "t14"."segment",
    AVG("t14"."_v") AS "value"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t12"."ticket_id",
        "t12"."account_id",
        "t12"."created_at",
        "t12"."first_response_at",
        "t12"."resolved_at",
        "t12"."replies",
        "t12"."reopens",
        "t12"."channel",
        "t12"."product",
        "t12"."status",
        "t12"."_v",
        "t12"."period_start",
        "t12"."segment",
        ROW_NUMBER() OVER (
          PARTITION BY "t12"."period_start", "t12"."segment"
          ORDER BY "t12"."_v" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) - 1 AS "_i",
        COUNT("t12"."_v") OVER (
          PARTITION BY "t12"."period_start", "t12"."segment"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "_n"
      FROM (
        SELECT
          "t11"."ticket_id",
          "t11"."account_id",
          "t11"."created_at",
          "t11"."first_response_at",
          "t11"."resolved_at",
          "t11"."replies",
          "t11"."reopens",
          "t11"."channel",
          "t11"."product",
          "t11"."status",
          "t11"."_v",
          "t11"."period_start",
          "t11"."segment"
        FROM (
          SELECT
            "t8"."ticket_id",
            "t8"."account_id",
            "t8"."created_at",
            "t8"."first_response_at",
            "t8"."resolved_at",
            "t8"."replies",
            "t8"."reopens",
            "t8"."channel",
            "t8"."product",
            "t8"."status",
            "t8"."_v",
            "t8"."period_start",
            "t5"."dim_account_id",
            "t5"."segment"
          FROM (
            SELECT
              "t1"."ticket_id",
              "t1"."account_id",
              "t1"."created_at",
              "t1"."first_response_at",
              "t1"."resolved_at",
              "t1"."replies",
              "t1"."reopens",
              "t1"."channel",
              "t1"."product",
              "t1"."status",
              CAST(CAST(EXTRACT(epoch FROM CAST("t1"."resolved_at" AS TIMESTAMP) - CAST("t1"."created_at" AS TIMESTAMP)) * 1000000 AS BIGINT) AS DOUBLE PRECISION) / 3600000000 AS "_v",
              CAST(DATE_TRUNC('MONTH', "t1"."resolved_at") AS DATE) AS "period_start"
            FROM "tickets" AS "t1"
            WHERE
              "t1"."resolved_at" >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND "t1"."resolved_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
              AND (
                CAST(CAST(EXTRACT(epoch FROM CAST("t1"."resolved_at" AS TIMESTAMP) - CAST("t1"."created_at" AS TIMESTAMP)) * 1000000 AS BIGINT) AS DOUBLE PRECISION) / 3600000000
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
    ) AS "t13"
    WHERE
      (
        "t13"."_i" = CAST(FLOOR(CAST((
          "t13"."_n" - 1
        ) AS DOUBLE PRECISION) / (
          2
        )) AS BIGINT)
      )
      OR (
        "t13"."_i" = CAST(FLOOR(CAST((
          "t13"."_n"
        ) AS DOUBLE PRECISION) / (
          2
        )) AS BIGINT)
      )
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
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t6"."i" * 1 AS INT)) AS "period_start"
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

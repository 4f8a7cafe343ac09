WITH "t4" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t24" AS (
  SELECT
    "t20"."state_start",
    CASE
      WHEN (
        "t20"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t20"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) - INTERVAL '1 DAY'
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t20"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
      ) - INTERVAL '1 DAY'
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + MAKE_INTERVAL(months => CAST("t14"."i" * 1 AS INT)) AS "state_start"
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
    ) AS "t14"
  ) AS "t20"
), "t41" AS (
  SELECT
    "t40"."period_start",
    "t40"."segment",
    CAST(SUM("t40"."_num") AS DOUBLE PRECISION) / CASE
      WHEN CAST(SUM("t40"."_den") AS DOUBLE PRECISION) = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE CAST(SUM("t40"."_den") AS DOUBLE PRECISION)
    END AS "value"
  FROM (
    SELECT
      "t39"."account_id",
      "t39"."period_start",
      "t39"."start_mrr",
      "t39"."end_mrr",
      "t39"."new",
      "t39"."expansion",
      "t39"."contraction",
      "t39"."churn",
      "t39"."reactivation",
      "t39"."churned",
      "t39"."acquired",
      "t39"."reactivated",
      "t39"."_num",
      "t39"."_den",
      "t39"."segment"
    FROM (
      SELECT
        "t38"."account_id",
        "t38"."period_start",
        "t38"."start_mrr",
        "t38"."end_mrr",
        "t38"."new",
        "t38"."expansion",
        "t38"."contraction",
        "t38"."churn",
        "t38"."reactivation",
        "t38"."churned",
        "t38"."acquired",
        "t38"."reactivated",
        "t38"."_num",
        "t38"."_den",
        "t9"."dim_account_id",
        "t9"."segment"
      FROM (
        SELECT
          "t36"."account_id",
          "t36"."period_start",
          "t36"."start_mrr",
          "t36"."end_mrr",
          "t36"."new",
          "t36"."expansion",
          "t36"."contraction",
          "t36"."churn",
          "t36"."reactivation",
          "t36"."churned",
          "t36"."acquired",
          "t36"."reactivated",
          CASE
            WHEN (
              "t36"."start_mrr" > 0
            ) AND (
              "t36"."end_mrr" = 0
            )
            THEN 1
            ELSE 0
          END AS "_num",
          CASE WHEN "t36"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
        FROM (
          SELECT
            "t35"."account_id",
            "t35"."period_start",
            MAX(CASE WHEN "t35"."is_first" THEN "t35"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
            MAX(CASE WHEN "t35"."is_last" THEN "t35"."mrr" ELSE 0.0 END) AS "end_mrr",
            SUM("t35"."new") AS "new",
            SUM("t35"."expansion") AS "expansion",
            SUM("t35"."contraction") AS "contraction",
            SUM("t35"."churn") AS "churn",
            SUM("t35"."reactivation") AS "reactivation",
            MAX(CASE WHEN "t35"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
            MAX(CASE WHEN "t35"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
            MAX(CASE WHEN "t35"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
          FROM (
            SELECT
              "t34"."account_id",
              "t34"."state_start",
              "t34"."mrr",
              "t34"."prev_mrr",
              "t34"."active_before",
              CASE
                WHEN (
                  "t34"."mrr" > 0
                )
                AND (
                  "t34"."prev_mrr" = 0
                )
                AND (
                  "t34"."active_before" = 0
                )
                THEN "t34"."mrr"
                ELSE 0.0
              END AS "new",
              CASE
                WHEN (
                  "t34"."mrr" > 0
                )
                AND (
                  "t34"."prev_mrr" = 0
                )
                AND (
                  "t34"."active_before" > 0
                )
                THEN "t34"."mrr"
                ELSE 0.0
              END AS "reactivation",
              CASE
                WHEN (
                  "t34"."prev_mrr" > 0
                ) AND (
                  "t34"."mrr" > "t34"."prev_mrr"
                )
                THEN "t34"."mrr" - "t34"."prev_mrr"
                ELSE 0.0
              END AS "expansion",
              CASE
                WHEN (
                  "t34"."prev_mrr" > 0
                )
                AND (
                  "t34"."mrr" > 0
                )
                AND (
                  "t34"."mrr" < "t34"."prev_mrr"
                )
                THEN "t34"."prev_mrr" - "t34"."mrr"
                ELSE 0.0
              END AS "contraction",
              CASE
                WHEN (
                  "t34"."prev_mrr" > 0
                ) AND (
                  "t34"."mrr" = 0
                )
                THEN "t34"."prev_mrr"
                ELSE 0.0
              END AS "churn",
              DATE_TRUNC('MONTH', "t34"."state_start") AS "period_start",
              DATE_TRUNC('MONTH', "t34"."state_start" - MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t34"."state_start") AS "is_first",
              DATE_TRUNC('MONTH', "t34"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t34"."state_start") AS "is_last"
            FROM (
              SELECT
                "t33"."account_id",
                "t33"."state_start",
                "t33"."mrr",
                COALESCE(
                  LAG("t33"."mrr") OVER (
                    PARTITION BY "t33"."account_id"
                    ORDER BY "t33"."state_start" ASC
                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                  ),
                  0.0
                ) AS "prev_mrr",
                SUM(CASE WHEN "t33"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY "t33"."account_id"
                  ORDER BY "t33"."state_start" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) - CASE WHEN "t33"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
              FROM (
                SELECT
                  "t17"."account_id",
                  "t26"."state_start",
                  COALESCE("t32"."snap_mrr", 0.0) AS "mrr"
                FROM (
                  SELECT
                    "t10"."account_id",
                    MIN("t10"."start_date") AS "first_day"
                  FROM "t6" AS "t10"
                  GROUP BY
                    1
                ) AS "t17"
                INNER JOIN "t24" AS "t26"
                  ON "t17"."first_day" <= "t26"."last_day"
                LEFT OUTER JOIN (
                  SELECT
                    "t30"."account_id",
                    "t30"."state_start",
                    SUM("t30"."mrr") AS "snap_mrr"
                  FROM (
                    SELECT
                      "t27"."state_start",
                      "t27"."last_day",
                      "t13"."subscription_id",
                      "t13"."account_id",
                      "t13"."start_date",
                      "t13"."end_date",
                      "t13"."mrr",
                      "t13"."plan"
                    FROM "t24" AS "t27"
                    INNER JOIN "t6" AS "t13"
                      ON "t13"."start_date" <= "t27"."last_day"
                      AND (
                        (
                          "t13"."end_date" IS NULL
                        ) OR (
                          "t13"."end_date" > "t27"."last_day"
                        )
                      )
                  ) AS "t30"
                  GROUP BY
                    1,
                    2
                ) AS "t32"
                  ON "t17"."account_id" = "t32"."account_id"
                  AND "t26"."state_start" = "t32"."state_start"
              ) AS "t33"
            ) AS "t34"
          ) AS "t35"
          GROUP BY
            1,
            2
        ) AS "t36"
        WHERE
          "t36"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t36"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t38"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t9"
        ON "t38"."account_id" = "t9"."dim_account_id"
    ) AS "t39"
  ) AS "t40"
  GROUP BY
    1,
    2
), "t52" AS (
  SELECT
    "t51"."period_start",
    "t51"."segment",
    CAST("t29"."value" AS DOUBLE PRECISION) / CASE
      WHEN "t51"."value" = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE "t51"."value"
    END AS "value"
  FROM (
    SELECT
      "t49"."period_start",
      "t49"."segment",
      CASE
        WHEN CASE
          WHEN (
            "t49"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) > MAKE_DATE(2026, 11, 1)
          THEN CAST(CAST(EXTRACT(epoch FROM CAST(MAKE_DATE(2026, 11, 1) AS TIMESTAMP) - CAST("t49"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS DOUBLE PRECISION) / 30.4375
          ELSE 1.0
        END = 1
        THEN "t49"."value"
        ELSE 1 - (
          POW(
            (
              1 - "t49"."value"
            ),
            (
              CAST(1 AS DOUBLE PRECISION) / CASE
                WHEN (
                  "t49"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
                ) > MAKE_DATE(2026, 11, 1)
                THEN CAST(CAST(EXTRACT(epoch FROM CAST(MAKE_DATE(2026, 11, 1) AS TIMESTAMP) - CAST("t49"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS DOUBLE PRECISION) / 30.4375
                ELSE 1.0
              END
            )
          )
        )
      END AS "value"
    FROM (
      SELECT
        "t21"."period_start",
        "t48"."segment",
        "t46"."value"
      FROM (
        SELECT
          MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t11"."i" * 1 AS INT)) AS "period_start"
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
        ) AS "t11"
      ) AS "t21"
      CROSS JOIN (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            *
          FROM "t4" AS "t8"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t42"."segment"
            FROM "t41" AS "t42"
          ) AS "t43"
        ) AS "t45"
      ) AS "t48"
      LEFT OUTER JOIN (
        SELECT
          *
        FROM "t41" AS "t42"
      ) AS "t46"
        ON "t21"."period_start" = "t46"."period_start"
        AND "t48"."segment" IS NOT DISTINCT FROM "t46"."segment"
    ) AS "t49"
  ) AS "t51"
  LEFT OUTER JOIN (
    SELECT
      "t23"."period_start",
      "t23"."segment",
      CAST("t23"."value" AS DOUBLE PRECISION) / CASE
        WHEN (
          "t23"."period_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
        ) > MAKE_DATE(2026, 11, 1)
        THEN CAST(CAST(EXTRACT(epoch FROM CAST(MAKE_DATE(2026, 11, 1) AS TIMESTAMP) - CAST("t23"."period_start" AS TIMESTAMP)) / 86400 AS BIGINT) AS DOUBLE PRECISION) / 30.4375
        ELSE 1.0
      END AS "value"
    FROM (
      SELECT
        "t22"."period_start",
        "t22"."segment",
        CAST(SUM("t22"."amount") AS DOUBLE PRECISION) / COUNT(DISTINCT "t22"."account_id") AS "value"
      FROM (
        SELECT
          "t19"."invoice_id",
          "t19"."account_id",
          "t19"."issued_at",
          "t19"."amount",
          "t19"."kind",
          "t19"."period_start",
          "t19"."segment"
        FROM (
          SELECT
            "t15"."invoice_id",
            "t15"."account_id",
            "t15"."issued_at",
            "t15"."amount",
            "t15"."kind",
            "t15"."period_start",
            "t9"."dim_account_id",
            "t9"."segment"
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
              "t1"."issued_at" >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
              AND "t1"."issued_at" < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
          ) AS "t15"
          LEFT OUTER JOIN (
            SELECT
              "t0"."account_id" AS "dim_account_id",
              "t0"."segment"
            FROM "accounts" AS "t0"
          ) AS "t9"
            ON "t15"."account_id" = "t9"."dim_account_id"
        ) AS "t19"
      ) AS "t22"
      GROUP BY
        1,
        2
    ) AS "t23"
  ) AS "t29"
    ON "t51"."period_start" = "t29"."period_start"
    AND "t51"."segment" IS NOT DISTINCT FROM "t29"."segment"
)
SELECT
  "t21"."period_start",
  "t59"."segment",
  "t57"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t11"."i" * 1 AS INT)) AS "period_start"
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
  ) AS "t11"
) AS "t21"
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM "t4" AS "t8"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t53"."segment"
      FROM "t52" AS "t53"
    ) AS "t54"
  ) AS "t55"
) AS "t59"
LEFT OUTER JOIN (
  SELECT
    "t53"."period_start",
    "t53"."segment",
    "t53"."value" * 1.0 AS "value"
  FROM "t52" AS "t53"
) AS "t57"
  ON "t21"."period_start" = "t57"."period_start"
  AND "t59"."segment" IS NOT DISTINCT FROM "t57"."segment"

WITH "t4" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t25" AS (
  SELECT
    "t22"."state_start",
    CASE
      WHEN (
        "t22"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t22"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) - INTERVAL '1 DAY'
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t22"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
      ) - INTERVAL '1 DAY'
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2026, 4, 1) + MAKE_INTERVAL(months => CAST("t14"."i" * 1 AS INT)) AS "state_start"
    FROM (
      SELECT
        "ibis_table_unnest_column_0" AS "i"
      FROM (
        SELECT
          CASE
            WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN(7 - 0)
            THEN ARRAY_REMOVE(ARRAY(SELECT
              *
            FROM GENERATE_SERIES(0, 7, 1)), 7)
            ELSE CAST(ARRAY[] AS SMALLINT[])
          END AS "i"
      ) AS "t7"
      CROSS JOIN UNNEST("t7"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t14"
  ) AS "t22"
), "t42" AS (
  SELECT
    "t41"."period_start",
    "t41"."segment",
    CAST(SUM("t41"."_num") AS DOUBLE PRECISION) / CASE
      WHEN CAST(SUM("t41"."_den") AS DOUBLE PRECISION) = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE CAST(SUM("t41"."_den") AS DOUBLE PRECISION)
    END AS "value"
  FROM (
    SELECT
      "t40"."account_id",
      "t40"."period_start",
      "t40"."start_mrr",
      "t40"."end_mrr",
      "t40"."new",
      "t40"."expansion",
      "t40"."contraction",
      "t40"."churn",
      "t40"."reactivation",
      "t40"."churned",
      "t40"."acquired",
      "t40"."reactivated",
      "t40"."_num",
      "t40"."_den",
      "t40"."segment"
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
        "t9"."dim_account_id",
        "t9"."segment"
      FROM (
        SELECT
          "t37"."account_id",
          "t37"."period_start",
          "t37"."start_mrr",
          "t37"."end_mrr",
          "t37"."new",
          "t37"."expansion",
          "t37"."contraction",
          "t37"."churn",
          "t37"."reactivation",
          "t37"."churned",
          "t37"."acquired",
          "t37"."reactivated",
          CASE
            WHEN (
              "t37"."start_mrr" > 0
            ) AND (
              "t37"."end_mrr" = 0
            )
            THEN 1
            ELSE 0
          END AS "_num",
          CASE WHEN "t37"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
        FROM (
          SELECT
            "t36"."account_id",
            "t36"."period_start",
            MAX(CASE WHEN "t36"."is_first" THEN "t36"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
            MAX(CASE WHEN "t36"."is_last" THEN "t36"."mrr" ELSE 0.0 END) AS "end_mrr",
            SUM("t36"."new") AS "new",
            SUM("t36"."expansion") AS "expansion",
            SUM("t36"."contraction") AS "contraction",
            SUM("t36"."churn") AS "churn",
            SUM("t36"."reactivation") AS "reactivation",
            MAX(CASE WHEN "t36"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
            MAX(CASE WHEN "t36"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
            MAX(CASE WHEN "t36"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
          FROM (
            SELECT
              "t35"."account_id",
              "t35"."state_start",
              "t35"."mrr",
              "t35"."prev_mrr",
              "t35"."active_before",
              CASE
                WHEN (
                  "t35"."mrr" > 0
                )
                AND (
                  "t35"."prev_mrr" = 0
                )
                AND (
                  "t35"."active_before" = 0
                )
                THEN "t35"."mrr"
                ELSE 0.0
              END AS "new",
              CASE
                WHEN (
                  "t35"."mrr" > 0
                )
                AND (
                  "t35"."prev_mrr" = 0
                )
                AND (
                  "t35"."active_before" > 0
                )
                THEN "t35"."mrr"
                ELSE 0.0
              END AS "reactivation",
              CASE
                WHEN (
                  "t35"."prev_mrr" > 0
                ) AND (
                  "t35"."mrr" > "t35"."prev_mrr"
                )
                THEN "t35"."mrr" - "t35"."prev_mrr"
                ELSE 0.0
              END AS "expansion",
              CASE
                WHEN (
                  "t35"."prev_mrr" > 0
                )
                AND (
                  "t35"."mrr" > 0
                )
                AND (
                  "t35"."mrr" < "t35"."prev_mrr"
                )
                THEN "t35"."prev_mrr" - "t35"."mrr"
                ELSE 0.0
              END AS "contraction",
              CASE
                WHEN (
                  "t35"."prev_mrr" > 0
                ) AND (
                  "t35"."mrr" = 0
                )
                THEN "t35"."prev_mrr"
                ELSE 0.0
              END AS "churn",
              DATE_TRUNC('MONTH', "t35"."state_start") AS "period_start",
              DATE_TRUNC('MONTH', "t35"."state_start" - MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t35"."state_start") AS "is_first",
              DATE_TRUNC('MONTH', "t35"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t35"."state_start") AS "is_last"
            FROM (
              SELECT
                "t34"."account_id",
                "t34"."state_start",
                "t34"."mrr",
                "t34"."prev_mrr",
                "t34"."active_before"
              FROM (
                SELECT
                  "t33"."account_id",
                  "t33"."state_start",
                  "t33"."mrr",
                  "t33"."paid_earlier",
                  COALESCE(
                    LAG("t33"."mrr") OVER (
                      PARTITION BY "t33"."account_id"
                      ORDER BY "t33"."state_start" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ),
                    0.0
                  ) AS "prev_mrr",
                  (
                    SUM(CASE WHEN "t33"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                      PARTITION BY "t33"."account_id"
                      ORDER BY "t33"."state_start" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - CASE WHEN "t33"."mrr" > 0 THEN 1 ELSE 0 END
                  ) + COALESCE("t33"."paid_earlier", 0) AS "active_before"
                FROM (
                  SELECT
                    "t32"."account_id",
                    "t32"."state_start",
                    "t32"."mrr",
                    "t32"."paid_earlier"
                  FROM (
                    SELECT
                      "t18"."account_id",
                      "t27"."state_start",
                      COALESCE("t31"."snap_mrr", 0.0) AS "mrr",
                      "t24"."paid_account",
                      "t24"."paid_earlier"
                    FROM (
                      SELECT
                        "t11"."account_id",
                        MIN("t11"."start_date") AS "first_day"
                      FROM "t6" AS "t11"
                      GROUP BY
                        1
                    ) AS "t18"
                    INNER JOIN "t25" AS "t27"
                      ON "t18"."first_day" <= "t27"."last_day"
                    LEFT OUTER JOIN (
                      SELECT
                        "t29"."account_id",
                        "t29"."state_start",
                        SUM("t29"."mrr") AS "snap_mrr"
                      FROM (
                        SELECT
                          "t28"."state_start",
                          "t28"."last_day",
                          "t13"."subscription_id",
                          "t13"."account_id",
                          "t13"."start_date",
                          "t13"."end_date",
                          "t13"."mrr",
                          "t13"."plan"
                        FROM "t25" AS "t28"
                        INNER JOIN "t6" AS "t13"
                          ON "t13"."start_date" <= "t28"."last_day"
                          AND (
                            (
                              "t13"."end_date" IS NULL
                            ) OR (
                              "t13"."end_date" > "t28"."last_day"
                            )
                          )
                      ) AS "t29"
                      GROUP BY
                        1,
                        2
                    ) AS "t31"
                      ON "t18"."account_id" = "t31"."account_id"
                      AND "t27"."state_start" = "t31"."state_start"
                    LEFT OUTER JOIN (
                      SELECT
                        "t19"."paid_account",
                        1 AS "paid_earlier"
                      FROM (
                        SELECT DISTINCT
                          "t2"."account_id" AS "paid_account"
                        FROM "subscriptions" AS "t2"
                        WHERE
                          "t2"."mrr" > 0
                          AND (
                            (
                              "t2"."end_date" IS NULL
                            )
                            OR (
                              CASE
                                WHEN "t2"."end_date" <= MAKE_DATE(2026, 11, 24)
                                THEN DATE_TRUNC('MONTH', "t2"."end_date")
                                ELSE GREATEST(
                                  DATE_TRUNC('MONTH', "t2"."end_date"),
                                  DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                                )
                              END > CASE
                                WHEN "t2"."start_date" <= MAKE_DATE(2026, 11, 24)
                                THEN DATE_TRUNC('MONTH', "t2"."start_date")
                                ELSE GREATEST(
                                  DATE_TRUNC('MONTH', "t2"."start_date"),
                                  DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                                )
                              END
                            )
                          )
                          AND CASE
                            WHEN "t2"."start_date" <= MAKE_DATE(2026, 11, 24)
                            THEN DATE_TRUNC('MONTH', "t2"."start_date")
                            ELSE GREATEST(
                              DATE_TRUNC('MONTH', "t2"."start_date"),
                              DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                            )
                          END < DATE_TRUNC('MONTH', MAKE_DATE(2026, 4, 30))
                      ) AS "t19"
                    ) AS "t24"
                      ON "t18"."account_id" = "t24"."paid_account"
                  ) AS "t32"
                ) AS "t33"
              ) AS "t34"
            ) AS "t35"
          ) AS "t36"
          GROUP BY
            1,
            2
        ) AS "t37"
        WHERE
          "t37"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t37"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t39"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t9"
        ON "t39"."account_id" = "t9"."dim_account_id"
    ) AS "t40"
  ) AS "t41"
  GROUP BY
    1,
    2
), "t50" AS (
  SELECT
    "t23"."period_start",
    "t49"."segment",
    CASE
      WHEN "t17"."rows" = 1
      THEN "t47"."value" - "t17"."target"
      ELSE CAST(NULL AS DOUBLE PRECISION)
    END AS "value"
  FROM (
    SELECT
      MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t12"."i" * 1 AS INT)) AS "period_start"
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
    ) AS "t12"
  ) AS "t23"
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
          "t43"."segment"
        FROM "t42" AS "t43"
      ) AS "t44"
    ) AS "t46"
  ) AS "t49"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM "t42" AS "t43"
  ) AS "t47"
    ON "t23"."period_start" = "t47"."period_start"
    AND "t49"."segment" IS NOT DISTINCT FROM "t47"."segment"
  LEFT OUTER JOIN (
    SELECT
      "t10"."target_start",
      COUNT(*) AS "rows",
      MAX("t10"."target") AS "target"
    FROM (
      SELECT
        "t1"."metric",
        "t1"."period_start",
        "t1"."target",
        DATE_TRUNC('MONTH', "t1"."period_start") AS "target_start"
      FROM "targets" AS "t1"
      WHERE
        "t1"."metric" = 'customer_churn_rate'
    ) AS "t10"
    GROUP BY
      1
  ) AS "t17"
    ON "t23"."period_start" = "t17"."target_start"
)
SELECT
  "t23"."period_start",
  "t57"."segment",
  "t55"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t12"."i" * 1 AS INT)) AS "period_start"
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
  ) AS "t12"
) AS "t23"
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
        "t51"."segment"
      FROM "t50" AS "t51"
    ) AS "t52"
  ) AS "t54"
) AS "t57"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t50" AS "t51"
) AS "t55"
  ON "t23"."period_start" = "t55"."period_start"
  AND "t57"."segment" IS NOT DISTINCT FROM "t55"."segment"

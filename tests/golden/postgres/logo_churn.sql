WITH "t5" AS (
  SELECT
    *
  FROM "subscriptions" AS "t1"
), "t20" AS (
  SELECT
    "t17"."state_start",
    CASE
      WHEN (
        "t17"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t17"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
          ) - INTERVAL '1 DAY'
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t17"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))
      ) - INTERVAL '1 DAY'
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2026, 4, 1) + MAKE_INTERVAL(months => CAST("t11"."i" * 1 AS INT)) AS "state_start"
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
      ) AS "t6"
      CROSS JOIN UNNEST("t6"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t11"
  ) AS "t17"
), "t37" AS (
  SELECT
    "t36"."period_start",
    "t36"."segment",
    CAST(SUM("t36"."churned") AS DOUBLE PRECISION) AS "value"
  FROM (
    SELECT
      "t35"."account_id",
      "t35"."period_start",
      "t35"."start_mrr",
      "t35"."end_mrr",
      "t35"."new",
      "t35"."expansion",
      "t35"."contraction",
      "t35"."churn",
      "t35"."reactivation",
      "t35"."churned",
      "t35"."acquired",
      "t35"."reactivated",
      "t35"."segment"
    FROM (
      SELECT
        "t34"."account_id",
        "t34"."period_start",
        "t34"."start_mrr",
        "t34"."end_mrr",
        "t34"."new",
        "t34"."expansion",
        "t34"."contraction",
        "t34"."churn",
        "t34"."reactivation",
        "t34"."churned",
        "t34"."acquired",
        "t34"."reactivated",
        "t7"."dim_account_id",
        "t7"."segment"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t31"."account_id",
            "t31"."period_start",
            MAX(CASE WHEN "t31"."is_first" THEN "t31"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
            MAX(CASE WHEN "t31"."is_last" THEN "t31"."mrr" ELSE 0.0 END) AS "end_mrr",
            SUM("t31"."new") AS "new",
            SUM("t31"."expansion") AS "expansion",
            SUM("t31"."contraction") AS "contraction",
            SUM("t31"."churn") AS "churn",
            SUM("t31"."reactivation") AS "reactivation",
            MAX(CASE WHEN "t31"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
            MAX(CASE WHEN "t31"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
            MAX(CASE WHEN "t31"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
          FROM (
            SELECT
              "t30"."account_id",
              "t30"."state_start",
              "t30"."mrr",
              "t30"."prev_mrr",
              "t30"."active_before",
              CASE
                WHEN (
                  "t30"."mrr" > 0
                )
                AND (
                  "t30"."prev_mrr" = 0
                )
                AND (
                  "t30"."active_before" = 0
                )
                THEN "t30"."mrr"
                ELSE 0.0
              END AS "new",
              CASE
                WHEN (
                  "t30"."mrr" > 0
                )
                AND (
                  "t30"."prev_mrr" = 0
                )
                AND (
                  "t30"."active_before" > 0
                )
                THEN "t30"."mrr"
                ELSE 0.0
              END AS "reactivation",
              CASE
                WHEN (
                  "t30"."prev_mrr" > 0
                ) AND (
                  "t30"."mrr" > "t30"."prev_mrr"
                )
                THEN "t30"."mrr" - "t30"."prev_mrr"
                ELSE 0.0
              END AS "expansion",
              CASE
                WHEN (
                  "t30"."prev_mrr" > 0
                )
                AND (
                  "t30"."mrr" > 0
                )
                AND (
                  "t30"."mrr" < "t30"."prev_mrr"
                )
                THEN "t30"."prev_mrr" - "t30"."mrr"
                ELSE 0.0
              END AS "contraction",
              CASE
                WHEN (
                  "t30"."prev_mrr" > 0
                ) AND (
                  "t30"."mrr" = 0
                )
                THEN "t30"."prev_mrr"
                ELSE 0.0
              END AS "churn",
              DATE_TRUNC('MONTH', "t30"."state_start") AS "period_start",
              DATE_TRUNC('MONTH', "t30"."state_start" - MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t30"."state_start") AS "is_first",
              DATE_TRUNC('MONTH', "t30"."state_start" + MAKE_INTERVAL(months => CAST(1 AS INT))) <> DATE_TRUNC('MONTH', "t30"."state_start") AS "is_last"
            FROM (
              SELECT
                "t29"."account_id",
                "t29"."state_start",
                "t29"."mrr",
                "t29"."prev_mrr",
                "t29"."active_before"
              FROM (
                SELECT
                  "t28"."account_id",
                  "t28"."state_start",
                  "t28"."mrr",
                  "t28"."paid_earlier",
                  COALESCE(
                    LAG("t28"."mrr") OVER (
                      PARTITION BY "t28"."account_id"
                      ORDER BY "t28"."state_start" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ),
                    0.0
                  ) AS "prev_mrr",
                  (
                    SUM(CASE WHEN "t28"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                      PARTITION BY "t28"."account_id"
                      ORDER BY "t28"."state_start" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                    ) - CASE WHEN "t28"."mrr" > 0 THEN 1 ELSE 0 END
                  ) + COALESCE("t28"."paid_earlier", 0) AS "active_before"
                FROM (
                  SELECT
                    "t27"."account_id",
                    "t27"."state_start",
                    "t27"."mrr",
                    "t27"."paid_earlier"
                  FROM (
                    SELECT
                      "t13"."account_id",
                      "t22"."state_start",
                      COALESCE("t26"."snap_mrr", 0.0) AS "mrr",
                      "t19"."paid_account",
                      "t19"."paid_earlier"
                    FROM (
                      SELECT
                        "t8"."account_id",
                        MIN("t8"."start_date") AS "first_day"
                      FROM "t5" AS "t8"
                      GROUP BY
                        1
                    ) AS "t13"
                    INNER JOIN "t20" AS "t22"
                      ON "t13"."first_day" <= "t22"."last_day"
                    LEFT OUTER JOIN (
                      SELECT
                        "t24"."account_id",
                        "t24"."state_start",
                        SUM("t24"."mrr") AS "snap_mrr"
                      FROM (
                        SELECT
                          "t23"."state_start",
                          "t23"."last_day",
                          "t10"."subscription_id",
                          "t10"."account_id",
                          "t10"."start_date",
                          "t10"."end_date",
                          "t10"."mrr",
                          "t10"."plan"
                        FROM "t20" AS "t23"
                        INNER JOIN "t5" AS "t10"
                          ON "t10"."start_date" <= "t23"."last_day"
                          AND (
                            (
                              "t10"."end_date" IS NULL
                            ) OR (
                              "t10"."end_date" > "t23"."last_day"
                            )
                          )
                      ) AS "t24"
                      GROUP BY
                        1,
                        2
                    ) AS "t26"
                      ON "t13"."account_id" = "t26"."account_id"
                      AND "t22"."state_start" = "t26"."state_start"
                    LEFT OUTER JOIN (
                      SELECT
                        "t14"."paid_account",
                        1 AS "paid_earlier"
                      FROM (
                        SELECT DISTINCT
                          "t1"."account_id" AS "paid_account"
                        FROM "subscriptions" AS "t1"
                        WHERE
                          "t1"."mrr" > 0
                          AND (
                            (
                              "t1"."end_date" IS NULL
                            )
                            OR (
                              CASE
                                WHEN "t1"."end_date" <= MAKE_DATE(2026, 11, 24)
                                THEN DATE_TRUNC('MONTH', "t1"."end_date")
                                ELSE GREATEST(
                                  DATE_TRUNC('MONTH', "t1"."end_date"),
                                  DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                                )
                              END > CASE
                                WHEN "t1"."start_date" <= MAKE_DATE(2026, 11, 24)
                                THEN DATE_TRUNC('MONTH', "t1"."start_date")
                                ELSE GREATEST(
                                  DATE_TRUNC('MONTH', "t1"."start_date"),
                                  DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                                )
                              END
                            )
                          )
                          AND CASE
                            WHEN "t1"."start_date" <= MAKE_DATE(2026, 11, 24)
                            THEN DATE_TRUNC('MONTH', "t1"."start_date")
                            ELSE GREATEST(
                              DATE_TRUNC('MONTH', "t1"."start_date"),
                              DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + MAKE_INTERVAL(months => CAST(1 AS INT))
                            )
                          END < DATE_TRUNC('MONTH', MAKE_DATE(2026, 4, 30))
                      ) AS "t14"
                    ) AS "t19"
                      ON "t13"."account_id" = "t19"."paid_account"
                  ) AS "t27"
                ) AS "t28"
              ) AS "t29"
            ) AS "t30"
          ) AS "t31"
          GROUP BY
            1,
            2
        ) AS "t32"
        WHERE
          "t32"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t32"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t34"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t7"
        ON "t34"."account_id" = "t7"."dim_account_id"
    ) AS "t35"
  ) AS "t36"
  GROUP BY
    1,
    2
)
SELECT
  "t18"."period_start",
  "t44"."segment",
  COALESCE("t42"."value", 0.0) AS "value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + MAKE_INTERVAL(months => CAST("t9"."i" * 1 AS INT)) AS "period_start"
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
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t9"
) AS "t18"
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
        "t38"."segment"
      FROM "t37" AS "t38"
    ) AS "t39"
  ) AS "t41"
) AS "t44"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t37" AS "t38"
) AS "t42"
  ON "t18"."period_start" = "t42"."period_start"
  AND "t44"."segment" IS NOT DISTINCT FROM "t42"."segment"

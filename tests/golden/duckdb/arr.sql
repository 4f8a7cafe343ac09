WITH "t3" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t5" AS (
  SELECT
    *
  FROM "subscriptions" AS "t1"
), "t21" AS (
  SELECT
    "t18"."state_start",
    CASE
      WHEN (
        "t18"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t18"."state_start" + TO_MONTHS(1)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t18"."state_start" + TO_MONTHS(1)
      ) - INTERVAL '1' DAY
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2026, 4, 1) + TO_MONTHS("t12"."i" * 1) AS "state_start"
    FROM (
      SELECT
        "t6".*
        REPLACE ("ibis_table_unnest_column_0" AS "i")
      FROM (
        SELECT
          RANGE(0, 7, 1) AS "i"
      ) AS "t6"
      CROSS JOIN UNNEST("t6"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t12"
  ) AS "t18"
), "t36" AS (
  SELECT
    "t35"."period_start",
    "t35"."segment",
    SUM("t35"."mrr") AS "value"
  FROM (
    SELECT
      "t34".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t33"."account_id",
        "t33"."state_start",
        "t33"."mrr",
        "t33"."prev_mrr",
        "t33"."active_before",
        "t33"."new",
        "t33"."reactivation",
        "t33"."expansion",
        "t33"."contraction",
        "t33"."churn",
        "t33"."period_start",
        "t33"."is_first",
        "t33"."is_last",
        "t8"."dim_account_id",
        "t8"."segment"
      FROM (
        SELECT
          "t31"."account_id",
          "t31"."state_start",
          "t31"."mrr",
          "t31"."prev_mrr",
          "t31"."active_before",
          CASE
            WHEN (
              "t31"."mrr" > 0
            )
            AND (
              "t31"."prev_mrr" = 0
            )
            AND (
              "t31"."active_before" = 0
            )
            THEN "t31"."mrr"
            ELSE 0.0
          END AS "new",
          CASE
            WHEN (
              "t31"."mrr" > 0
            )
            AND (
              "t31"."prev_mrr" = 0
            )
            AND (
              "t31"."active_before" > 0
            )
            THEN "t31"."mrr"
            ELSE 0.0
          END AS "reactivation",
          CASE
            WHEN (
              "t31"."prev_mrr" > 0
            ) AND (
              "t31"."mrr" > "t31"."prev_mrr"
            )
            THEN "t31"."mrr" - "t31"."prev_mrr"
            ELSE 0.0
          END AS "expansion",
          CASE
            WHEN (
              "t31"."prev_mrr" > 0
            )
            AND (
              "t31"."mrr" > 0
            )
            AND (
              "t31"."mrr" < "t31"."prev_mrr"
            )
            THEN "t31"."prev_mrr" - "t31"."mrr"
            ELSE 0.0
          END AS "contraction",
          CASE
            WHEN (
              "t31"."prev_mrr" > 0
            ) AND (
              "t31"."mrr" = 0
            )
            THEN "t31"."prev_mrr"
            ELSE 0.0
          END AS "churn",
          DATE_TRUNC('MONTH', "t31"."state_start") AS "period_start",
          DATE_TRUNC('MONTH', "t31"."state_start" - TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t31"."state_start") AS "is_first",
          DATE_TRUNC('MONTH', "t31"."state_start" + TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t31"."state_start") AS "is_last"
        FROM (
          SELECT
            "t30".*
            EXCLUDE ("paid_earlier")
          FROM (
            SELECT
              "t29"."account_id",
              "t29"."state_start",
              "t29"."mrr",
              "t29"."paid_earlier",
              COALESCE(
                LAG("t29"."mrr") OVER (
                  PARTITION BY "t29"."account_id"
                  ORDER BY "t29"."state_start" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ),
                0.0
              ) AS "prev_mrr",
              (
                SUM(CASE WHEN "t29"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY "t29"."account_id"
                  ORDER BY "t29"."state_start" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) - CASE WHEN "t29"."mrr" > 0 THEN 1 ELSE 0 END
              ) + COALESCE("t29"."paid_earlier", 0) AS "active_before"
            FROM (
              SELECT
                "t28".*
                EXCLUDE ("paid_account")
              FROM (
                SELECT
                  "t14"."account_id",
                  "t23"."state_start",
                  COALESCE("t27"."snap_mrr", 0.0) AS "mrr",
                  "t20"."paid_account",
                  "t20"."paid_earlier"
                FROM (
                  SELECT
                    "t9"."account_id",
                    MIN("t9"."start_date") AS "first_day"
                  FROM "t5" AS "t9"
                  GROUP BY
                    1
                ) AS "t14"
                INNER JOIN "t21" AS "t23"
                  ON "t14"."first_day" <= "t23"."last_day"
                LEFT OUTER JOIN (
                  SELECT
                    "t25"."account_id",
                    "t25"."state_start",
                    SUM("t25"."mrr") AS "snap_mrr"
                  FROM (
                    SELECT
                      "t24"."state_start",
                      "t24"."last_day",
                      "t11"."subscription_id",
                      "t11"."account_id",
                      "t11"."start_date",
                      "t11"."end_date",
                      "t11"."mrr",
                      "t11"."plan"
                    FROM "t21" AS "t24"
                    INNER JOIN "t5" AS "t11"
                      ON "t11"."start_date" <= "t24"."last_day"
                      AND (
                        (
                          "t11"."end_date" IS NULL
                        ) OR (
                          "t11"."end_date" > "t24"."last_day"
                        )
                      )
                  ) AS "t25"
                  GROUP BY
                    1,
                    2
                ) AS "t27"
                  ON "t14"."account_id" = "t27"."account_id"
                  AND "t23"."state_start" = "t27"."state_start"
                LEFT OUTER JOIN (
                  SELECT
                    "t15"."paid_account",
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
                              DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + TO_MONTHS(1)
                            )
                          END > CASE
                            WHEN "t1"."start_date" <= MAKE_DATE(2026, 11, 24)
                            THEN DATE_TRUNC('MONTH', "t1"."start_date")
                            ELSE GREATEST(
                              DATE_TRUNC('MONTH', "t1"."start_date"),
                              DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + TO_MONTHS(1)
                            )
                          END
                        )
                      )
                      AND CASE
                        WHEN "t1"."start_date" <= MAKE_DATE(2026, 11, 24)
                        THEN DATE_TRUNC('MONTH', "t1"."start_date")
                        ELSE GREATEST(
                          DATE_TRUNC('MONTH', "t1"."start_date"),
                          DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + TO_MONTHS(1)
                        )
                      END < DATE_TRUNC('MONTH', MAKE_DATE(2026, 4, 30))
                  ) AS "t15"
                ) AS "t20"
                  ON "t14"."account_id" = "t20"."paid_account"
              ) AS "t28"
            ) AS "t29"
          ) AS "t30"
        ) AS "t31"
        WHERE
          DATE_TRUNC('MONTH', "t31"."state_start" + TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t31"."state_start")
          AND DATE_TRUNC('MONTH', "t31"."state_start") >= MAKE_DATE(2026, 5, 1)
          AND DATE_TRUNC('MONTH', "t31"."state_start") < MAKE_DATE(2026, 11, 1)
      ) AS "t33"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t8"
        ON "t33"."account_id" = "t8"."dim_account_id"
    ) AS "t34"
  ) AS "t35"
  GROUP BY
    1,
    2
), "t44" AS (
  SELECT
    "t19"."period_start",
    "t43"."segment",
    COALESCE("t41"."value", 0.0) AS "value"
  FROM (
    SELECT
      MAKE_DATE(2026, 5, 1) + TO_MONTHS("t10"."i" * 1) AS "period_start"
    FROM (
      SELECT
        "t2".*
        REPLACE ("ibis_table_unnest_column_2" AS "i")
      FROM (
        SELECT
          RANGE(0, 6, 1) AS "i"
      ) AS "t2"
      CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
    ) AS "t10"
  ) AS "t19"
  CROSS JOIN (
    SELECT DISTINCT
      *
    FROM (
      SELECT
        *
      FROM "t3" AS "t7"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t37"."segment"
        FROM "t36" AS "t37"
      ) AS "t38"
    ) AS "t40"
  ) AS "t43"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM "t36" AS "t37"
  ) AS "t41"
    ON "t19"."period_start" = "t41"."period_start"
    AND "t43"."segment" IS NOT DISTINCT FROM "t41"."segment"
)
SELECT
  "t19"."period_start",
  "t51"."segment",
  COALESCE("t49"."value", 0.0) AS "value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t10"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t2".*
      REPLACE ("ibis_table_unnest_column_2" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t2"
    CROSS JOIN UNNEST("t2"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t10"
) AS "t19"
CROSS JOIN (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM "t3" AS "t7"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t45"."segment"
      FROM "t44" AS "t45"
    ) AS "t46"
  ) AS "t47"
) AS "t51"
LEFT OUTER JOIN (
  SELECT
    "t45"."period_start",
    "t45"."segment",
    "t45"."value" * 12 AS "value"
  FROM "t44" AS "t45"
) AS "t49"
  ON "t19"."period_start" = "t49"."period_start"
  AND "t51"."segment" IS NOT DISTINCT FROM "t49"."segment"

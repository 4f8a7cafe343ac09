WITH "t4" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t29" AS (
  SELECT
    "t24"."state_start",
    CASE
      WHEN (
        "t24"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t24"."state_start" + TO_MONTHS(1)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t24"."state_start" + TO_MONTHS(1)
      ) - INTERVAL '1' DAY
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2026, 4, 1) + TO_MONTHS("t15"."i" * 1) AS "state_start"
    FROM (
      SELECT
        "t7".*
        REPLACE ("ibis_table_unnest_column_0" AS "i")
      FROM (
        SELECT
          RANGE(0, 7, 1) AS "i"
      ) AS "t7"
      CROSS JOIN UNNEST("t7"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t15"
  ) AS "t24"
), "t43" AS (
  SELECT
    "t42"."account_id",
    "t42"."period_start",
    MAX(CASE WHEN "t42"."is_first" THEN "t42"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
    MAX(CASE WHEN "t42"."is_last" THEN "t42"."mrr" ELSE 0.0 END) AS "end_mrr",
    SUM("t42"."new") AS "new",
    SUM("t42"."expansion") AS "expansion",
    SUM("t42"."contraction") AS "contraction",
    SUM("t42"."churn") AS "churn",
    SUM("t42"."reactivation") AS "reactivation",
    MAX(CASE WHEN "t42"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
    MAX(CASE WHEN "t42"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
    MAX(CASE WHEN "t42"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
  FROM (
    SELECT
      "t41"."account_id",
      "t41"."state_start",
      "t41"."mrr",
      "t41"."prev_mrr",
      "t41"."active_before",
      CASE
        WHEN (
          "t41"."mrr" > 0
        )
        AND (
          "t41"."prev_mrr" = 0
        )
        AND (
          "t41"."active_before" = 0
        )
        THEN "t41"."mrr"
        ELSE 0.0
      END AS "new",
      CASE
        WHEN (
          "t41"."mrr" > 0
        )
        AND (
          "t41"."prev_mrr" = 0
        )
        AND (
          "t41"."active_before" > 0
        )
        THEN "t41"."mrr"
        ELSE 0.0
      END AS "reactivation",
      CASE
        WHEN (
          "t41"."prev_mrr" > 0
        ) AND (
          "t41"."mrr" > "t41"."prev_mrr"
        )
        THEN "t41"."mrr" - "t41"."prev_mrr"
        ELSE 0.0
      END AS "expansion",
      CASE
        WHEN (
          "t41"."prev_mrr" > 0
        )
        AND (
          "t41"."mrr" > 0
        )
        AND (
          "t41"."mrr" < "t41"."prev_mrr"
        )
        THEN "t41"."prev_mrr" - "t41"."mrr"
        ELSE 0.0
      END AS "contraction",
      CASE
        WHEN (
          "t41"."prev_mrr" > 0
        ) AND (
          "t41"."mrr" = 0
        )
        THEN "t41"."prev_mrr"
        ELSE 0.0
      END AS "churn",
      DATE_TRUNC('MONTH', "t41"."state_start") AS "period_start",
      DATE_TRUNC('MONTH', "t41"."state_start" - TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t41"."state_start") AS "is_first",
      DATE_TRUNC('MONTH', "t41"."state_start" + TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t41"."state_start") AS "is_last"
    FROM (
      SELECT
        "t40".*
        EXCLUDE ("paid_earlier")
      FROM (
        SELECT
          "t39"."account_id",
          "t39"."state_start",
          "t39"."mrr",
          "t39"."paid_earlier",
          COALESCE(
            LAG("t39"."mrr") OVER (
              PARTITION BY "t39"."account_id"
              ORDER BY "t39"."state_start" ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ),
            0.0
          ) AS "prev_mrr",
          (
            SUM(CASE WHEN "t39"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
              PARTITION BY "t39"."account_id"
              ORDER BY "t39"."state_start" ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) - CASE WHEN "t39"."mrr" > 0 THEN 1 ELSE 0 END
          ) + COALESCE("t39"."paid_earlier", 0) AS "active_before"
        FROM (
          SELECT
            "t38".*
            EXCLUDE ("paid_account")
          FROM (
            SELECT
              "t19"."account_id",
              "t31"."state_start",
              COALESCE("t37"."snap_mrr", 0.0) AS "mrr",
              "t27"."paid_account",
              "t27"."paid_earlier"
            FROM (
              SELECT
                "t10"."account_id",
                MIN("t10"."start_date") AS "first_day"
              FROM "t6" AS "t10"
              GROUP BY
                1
            ) AS "t19"
            INNER JOIN "t29" AS "t31"
              ON "t19"."first_day" <= "t31"."last_day"
            LEFT OUTER JOIN (
              SELECT
                "t35"."account_id",
                "t35"."state_start",
                SUM("t35"."mrr") AS "snap_mrr"
              FROM (
                SELECT
                  "t32"."state_start",
                  "t32"."last_day",
                  "t14"."subscription_id",
                  "t14"."account_id",
                  "t14"."start_date",
                  "t14"."end_date",
                  "t14"."mrr",
                  "t14"."plan"
                FROM "t29" AS "t32"
                INNER JOIN "t6" AS "t14"
                  ON "t14"."start_date" <= "t32"."last_day"
                  AND (
                    (
                      "t14"."end_date" IS NULL
                    ) OR (
                      "t14"."end_date" > "t32"."last_day"
                    )
                  )
              ) AS "t35"
              GROUP BY
                1,
                2
            ) AS "t37"
              ON "t19"."account_id" = "t37"."account_id"
              AND "t31"."state_start" = "t37"."state_start"
            LEFT OUTER JOIN (
              SELECT
                "t20"."paid_account",
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
                          DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + TO_MONTHS(1)
                        )
                      END > CASE
                        WHEN "t2"."start_date" <= MAKE_DATE(2026, 11, 24)
                        THEN DATE_TRUNC('MONTH', "t2"."start_date")
                        ELSE GREATEST(
                          DATE_TRUNC('MONTH', "t2"."start_date"),
                          DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + TO_MONTHS(1)
                        )
                      END
                    )
                  )
                  AND CASE
                    WHEN "t2"."start_date" <= MAKE_DATE(2026, 11, 24)
                    THEN DATE_TRUNC('MONTH', "t2"."start_date")
                    ELSE GREATEST(
                      DATE_TRUNC('MONTH', "t2"."start_date"),
                      DATE_TRUNC('MONTH', MAKE_DATE(2026, 11, 24)) + TO_MONTHS(1)
                    )
                  END < DATE_TRUNC('MONTH', MAKE_DATE(2026, 4, 30))
              ) AS "t20"
            ) AS "t27"
              ON "t19"."account_id" = "t27"."paid_account"
          ) AS "t38"
        ) AS "t39"
      ) AS "t40"
    ) AS "t41"
  ) AS "t42"
  GROUP BY
    1,
    2
), "t56" AS (
  SELECT
    "t51"."period_start",
    "t51"."segment",
    CAST(SUM("t51"."_num") AS DOUBLE) / CASE
      WHEN CAST(SUM("t51"."_den") AS DOUBLE) = 0
      THEN CAST(NULL AS DOUBLE)
      ELSE CAST(SUM("t51"."_den") AS DOUBLE)
    END AS "value"
  FROM (
    SELECT
      "t50".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t48"."account_id",
        "t48"."period_start",
        "t48"."start_mrr",
        "t48"."end_mrr",
        "t48"."new",
        "t48"."expansion",
        "t48"."contraction",
        "t48"."churn",
        "t48"."reactivation",
        "t48"."churned",
        "t48"."acquired",
        "t48"."reactivated",
        "t48"."_num",
        "t48"."_den",
        "t9"."dim_account_id",
        "t9"."segment"
      FROM (
        SELECT
          "t44"."account_id",
          "t44"."period_start",
          "t44"."start_mrr",
          "t44"."end_mrr",
          "t44"."new",
          "t44"."expansion",
          "t44"."contraction",
          "t44"."churn",
          "t44"."reactivation",
          "t44"."churned",
          "t44"."acquired",
          "t44"."reactivated",
          CASE
            WHEN (
              "t44"."start_mrr" > 0
            ) AND (
              "t44"."end_mrr" = 0
            )
            THEN 1
            ELSE 0
          END AS "_num",
          CASE WHEN "t44"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
        FROM "t43" AS "t44"
        WHERE
          "t44"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t44"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t48"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t9"
        ON "t48"."account_id" = "t9"."dim_account_id"
    ) AS "t50"
  ) AS "t51"
  GROUP BY
    1,
    2
), "t69" AS (
  SELECT
    "t68"."period_start",
    "t68"."segment",
    "t34"."value" / CASE WHEN "t68"."value" = 0 THEN CAST(NULL AS DOUBLE) ELSE "t68"."value" END AS "value"
  FROM (
    SELECT
      "t66"."period_start",
      "t66"."segment",
      CASE
        WHEN CASE
          WHEN (
            "t66"."period_start" + TO_MONTHS(1)
          ) > MAKE_DATE(2026, 11, 1)
          THEN CAST(DATE_DIFF('DAY', "t66"."period_start", MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375
          ELSE 1.0
        END = 1
        THEN "t66"."value"
        ELSE 1 - (
          POWER(
            (
              1 - "t66"."value"
            ),
            (
              1 / CASE
                WHEN (
                  "t66"."period_start" + TO_MONTHS(1)
                ) > MAKE_DATE(2026, 11, 1)
                THEN CAST(DATE_DIFF('DAY', "t66"."period_start", MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375
                ELSE 1.0
              END
            )
          )
        )
      END AS "value"
    FROM (
      SELECT
        "t25"."period_start",
        "t65"."segment",
        "t63"."value"
      FROM (
        SELECT
          MAKE_DATE(2026, 5, 1) + TO_MONTHS("t11"."i" * 1) AS "period_start"
        FROM (
          SELECT
            "t3".*
            REPLACE ("ibis_table_unnest_column_2" AS "i")
          FROM (
            SELECT
              RANGE(0, 6, 1) AS "i"
          ) AS "t3"
          CROSS JOIN UNNEST("t3"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
        ) AS "t11"
      ) AS "t25"
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
              "t57"."segment"
            FROM "t56" AS "t57"
          ) AS "t59"
        ) AS "t62"
      ) AS "t65"
      LEFT OUTER JOIN (
        SELECT
          *
        FROM "t56" AS "t57"
      ) AS "t63"
        ON "t25"."period_start" = "t63"."period_start"
        AND "t65"."segment" IS NOT DISTINCT FROM "t63"."segment"
    ) AS "t66"
  ) AS "t68"
  LEFT OUTER JOIN (
    SELECT
      "t28"."period_start",
      "t28"."segment",
      "t28"."value" / CASE
        WHEN (
          "t28"."period_start" + TO_MONTHS(1)
        ) > MAKE_DATE(2026, 11, 1)
        THEN CAST(DATE_DIFF('DAY', "t28"."period_start", MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375
        ELSE 1.0
      END AS "value"
    FROM (
      SELECT
        "t26"."period_start",
        "t26"."segment",
        SUM("t26"."amount") / COUNT(DISTINCT "t26"."account_id") AS "value"
      FROM (
        SELECT
          "t22".*
          EXCLUDE ("dim_account_id")
        FROM (
          SELECT
            "t17"."invoice_id",
            "t17"."account_id",
            "t17"."issued_at",
            "t17"."amount",
            "t17"."kind",
            "t17"."period_start",
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
              "t1"."issued_at" >= MAKE_TIMESTAMP(2026, 5, 1, 0, 0, 0.0)
              AND "t1"."issued_at" < MAKE_TIMESTAMP(2026, 11, 1, 0, 0, 0.0)
          ) AS "t17"
          LEFT OUTER JOIN (
            SELECT
              "t0"."account_id" AS "dim_account_id",
              "t0"."segment"
            FROM "accounts" AS "t0"
          ) AS "t9"
            ON "t17"."account_id" = "t9"."dim_account_id"
        ) AS "t22"
      ) AS "t26"
      GROUP BY
        1,
        2
    ) AS "t28"
  ) AS "t34"
    ON "t68"."period_start" = "t34"."period_start"
    AND "t68"."segment" IS NOT DISTINCT FROM "t34"."segment"
), "t79" AS (
  SELECT
    "t61"."period_start",
    "t61"."segment",
    "t78"."value" / CASE WHEN "t61"."value" = 0 THEN CAST(NULL AS DOUBLE) ELSE "t61"."value" END AS "value"
  FROM (
    SELECT
      "t55"."period_start",
      "t55"."segment",
      AVG("t55"."cost") AS "value"
    FROM (
      SELECT
        "t54".*
        EXCLUDE ("dim_account_id")
      FROM (
        SELECT
          "t53"."account_id",
          "t53"."period_start",
          "t53"."start_mrr",
          "t53"."end_mrr",
          "t53"."new",
          "t53"."expansion",
          "t53"."contraction",
          "t53"."churn",
          "t53"."reactivation",
          "t53"."churned",
          "t53"."acquired",
          "t53"."reactivated",
          "t53"."cost_account",
          "t53"."cost",
          "t9"."dim_account_id",
          "t9"."segment"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t46"."account_id",
              "t46"."period_start",
              "t46"."start_mrr",
              "t46"."end_mrr",
              "t46"."new",
              "t46"."expansion",
              "t46"."contraction",
              "t46"."churn",
              "t46"."reactivation",
              "t46"."churned",
              "t46"."acquired",
              "t46"."reactivated",
              "t16"."cost_account",
              "t16"."cost"
            FROM (
              SELECT
                *
              FROM "t43" AS "t44"
              WHERE
                "t44"."acquired" = 1
            ) AS "t46"
            INNER JOIN (
              SELECT
                "t0"."account_id" AS "cost_account",
                CASE
                  WHEN ISNAN("t0"."acquisition_cost")
                  THEN CAST(NULL AS DOUBLE)
                  ELSE "t0"."acquisition_cost"
                END AS "cost"
              FROM "accounts" AS "t0"
            ) AS "t16"
              ON "t46"."account_id" = "t16"."cost_account"
          ) AS "t49"
          WHERE
            "t49"."period_start" >= MAKE_DATE(2026, 5, 1)
            AND "t49"."period_start" < MAKE_DATE(2026, 11, 1)
        ) AS "t53"
        LEFT OUTER JOIN (
          SELECT
            "t0"."account_id" AS "dim_account_id",
            "t0"."segment"
          FROM "accounts" AS "t0"
        ) AS "t9"
          ON "t53"."account_id" = "t9"."dim_account_id"
      ) AS "t54"
    ) AS "t55"
    GROUP BY
      1,
      2
  ) AS "t61"
  LEFT OUTER JOIN (
    SELECT
      "t25"."period_start",
      "t76"."segment",
      "t74"."value"
    FROM (
      SELECT
        MAKE_DATE(2026, 5, 1) + TO_MONTHS("t11"."i" * 1) AS "period_start"
      FROM (
        SELECT
          "t3".*
          REPLACE ("ibis_table_unnest_column_2" AS "i")
        FROM (
          SELECT
            RANGE(0, 6, 1) AS "i"
        ) AS "t3"
        CROSS JOIN UNNEST("t3"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
      ) AS "t11"
    ) AS "t25"
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
            "t70"."segment"
          FROM "t69" AS "t70"
        ) AS "t71"
      ) AS "t72"
    ) AS "t76"
    LEFT OUTER JOIN (
      SELECT
        "t70"."period_start",
        "t70"."segment",
        "t70"."value" * 1.0 AS "value"
      FROM "t69" AS "t70"
    ) AS "t74"
      ON "t25"."period_start" = "t74"."period_start"
      AND "t76"."segment" IS NOT DISTINCT FROM "t74"."segment"
  ) AS "t78"
    ON "t61"."period_start" = "t78"."period_start"
    AND "t61"."segment" IS NOT DISTINCT FROM "t78"."segment"
)
SELECT
  "t25"."period_start",
  "t86"."segment",
  "t84"."value"
FROM (
  SELECT
    MAKE_DATE(2026, 5, 1) + TO_MONTHS("t11"."i" * 1) AS "period_start"
  FROM (
    SELECT
      "t3".*
      REPLACE ("ibis_table_unnest_column_2" AS "i")
    FROM (
      SELECT
        RANGE(0, 6, 1) AS "i"
    ) AS "t3"
    CROSS JOIN UNNEST("t3"."i") AS "ibis_table_unnest_3"("ibis_table_unnest_column_2")
  ) AS "t11"
) AS "t25"
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
        "t80"."segment"
      FROM "t79" AS "t80"
    ) AS "t81"
  ) AS "t83"
) AS "t86"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t79" AS "t80"
) AS "t84"
  ON "t25"."period_start" = "t84"."period_start"
  AND "t86"."segment" IS NOT DISTINCT FROM "t84"."segment"

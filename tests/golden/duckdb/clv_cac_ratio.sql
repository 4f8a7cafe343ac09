WITH "t4" AS (
  SELECT
    "t0"."segment"
  FROM "accounts" AS "t0"
), "t6" AS (
  SELECT
    *
  FROM "subscriptions" AS "t2"
), "t26" AS (
  SELECT
    "t22"."state_start",
    CASE
      WHEN (
        "t22"."state_start" <= MAKE_DATE(2026, 11, 24)
      )
      AND (
        (
          (
            "t22"."state_start" + TO_MONTHS(1)
          ) - INTERVAL '1' DAY
        ) > MAKE_DATE(2026, 11, 24)
      )
      THEN MAKE_DATE(2026, 11, 24)
      ELSE (
        "t22"."state_start" + TO_MONTHS(1)
      ) - INTERVAL '1' DAY
    END AS "last_day"
  FROM (
    SELECT
      MAKE_DATE(2023, 5, 1) + TO_MONTHS("t15"."i" * 1) AS "state_start"
    FROM (
      SELECT
        "t7".*
        REPLACE ("ibis_table_unnest_column_0" AS "i")
      FROM (
        SELECT
          RANGE(0, 42, 1) AS "i"
      ) AS "t7"
      CROSS JOIN UNNEST("t7"."i") AS "ibis_table_unnest_1"("ibis_table_unnest_column_0")
    ) AS "t15"
  ) AS "t22"
), "t38" AS (
  SELECT
    "t37"."account_id",
    "t37"."period_start",
    MAX(CASE WHEN "t37"."is_first" THEN "t37"."prev_mrr" ELSE 0.0 END) AS "start_mrr",
    MAX(CASE WHEN "t37"."is_last" THEN "t37"."mrr" ELSE 0.0 END) AS "end_mrr",
    SUM("t37"."new") AS "new",
    SUM("t37"."expansion") AS "expansion",
    SUM("t37"."contraction") AS "contraction",
    SUM("t37"."churn") AS "churn",
    SUM("t37"."reactivation") AS "reactivation",
    MAX(CASE WHEN "t37"."churn" > 0 THEN 1 ELSE 0 END) AS "churned",
    MAX(CASE WHEN "t37"."new" > 0 THEN 1 ELSE 0 END) AS "acquired",
    MAX(CASE WHEN "t37"."reactivation" > 0 THEN 1 ELSE 0 END) AS "reactivated"
  FROM (
    SELECT
      "t36"."account_id",
      "t36"."state_start",
      "t36"."mrr",
      "t36"."prev_mrr",
      "t36"."active_before",
      CASE
        WHEN (
          "t36"."mrr" > 0
        )
        AND (
          "t36"."prev_mrr" = 0
        )
        AND (
          "t36"."active_before" = 0
        )
        THEN "t36"."mrr"
        ELSE 0.0
      END AS "new",
      CASE
        WHEN (
          "t36"."mrr" > 0
        )
        AND (
          "t36"."prev_mrr" = 0
        )
        AND (
          "t36"."active_before" > 0
        )
        THEN "t36"."mrr"
        ELSE 0.0
      END AS "reactivation",
      CASE
        WHEN (
          "t36"."prev_mrr" > 0
        ) AND (
          "t36"."mrr" > "t36"."prev_mrr"
        )
        THEN "t36"."mrr" - "t36"."prev_mrr"
        ELSE 0.0
      END AS "expansion",
      CASE
        WHEN (
          "t36"."prev_mrr" > 0
        )
        AND (
          "t36"."mrr" > 0
        )
        AND (
          "t36"."mrr" < "t36"."prev_mrr"
        )
        THEN "t36"."prev_mrr" - "t36"."mrr"
        ELSE 0.0
      END AS "contraction",
      CASE
        WHEN (
          "t36"."prev_mrr" > 0
        ) AND (
          "t36"."mrr" = 0
        )
        THEN "t36"."prev_mrr"
        ELSE 0.0
      END AS "churn",
      DATE_TRUNC('MONTH', "t36"."state_start") AS "period_start",
      DATE_TRUNC('MONTH', "t36"."state_start" - TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t36"."state_start") AS "is_first",
      DATE_TRUNC('MONTH', "t36"."state_start" + TO_MONTHS(1)) <> DATE_TRUNC('MONTH', "t36"."state_start") AS "is_last"
    FROM (
      SELECT
        "t35"."account_id",
        "t35"."state_start",
        "t35"."mrr",
        COALESCE(
          LAG("t35"."mrr") OVER (
            PARTITION BY "t35"."account_id"
            ORDER BY "t35"."state_start" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ),
          0.0
        ) AS "prev_mrr",
        SUM(CASE WHEN "t35"."mrr" > 0 THEN 1 ELSE 0 END) OVER (
          PARTITION BY "t35"."account_id"
          ORDER BY "t35"."state_start" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - CASE WHEN "t35"."mrr" > 0 THEN 1 ELSE 0 END AS "active_before"
      FROM (
        SELECT
          "t19"."account_id",
          "t28"."state_start",
          COALESCE("t34"."snap_mrr", 0.0) AS "mrr"
        FROM (
          SELECT
            "t10"."account_id",
            MIN("t10"."start_date") AS "first_day"
          FROM "t6" AS "t10"
          GROUP BY
            1
        ) AS "t19"
        INNER JOIN "t26" AS "t28"
          ON "t19"."first_day" <= "t28"."last_day"
        LEFT OUTER JOIN (
          SELECT
            "t32"."account_id",
            "t32"."state_start",
            SUM("t32"."mrr") AS "snap_mrr"
          FROM (
            SELECT
              "t29"."state_start",
              "t29"."last_day",
              "t14"."subscription_id",
              "t14"."account_id",
              "t14"."start_date",
              "t14"."end_date",
              "t14"."mrr",
              "t14"."plan"
            FROM "t26" AS "t29"
            INNER JOIN "t6" AS "t14"
              ON "t14"."start_date" <= "t29"."last_day"
              AND (
                (
                  "t14"."end_date" IS NULL
                ) OR (
                  "t14"."end_date" > "t29"."last_day"
                )
              )
          ) AS "t32"
          GROUP BY
            1,
            2
        ) AS "t34"
          ON "t19"."account_id" = "t34"."account_id"
          AND "t28"."state_start" = "t34"."state_start"
      ) AS "t35"
    ) AS "t36"
  ) AS "t37"
  GROUP BY
    1,
    2
), "t51" AS (
  SELECT
    "t46"."period_start",
    "t46"."segment",
    CAST(SUM("t46"."_num") AS DOUBLE) / CASE
      WHEN CAST(SUM("t46"."_den") AS DOUBLE) = 0
      THEN CAST(NULL AS DOUBLE)
      ELSE CAST(SUM("t46"."_den") AS DOUBLE)
    END AS "value"
  FROM (
    SELECT
      "t45".*
      EXCLUDE ("dim_account_id")
    FROM (
      SELECT
        "t43"."account_id",
        "t43"."period_start",
        "t43"."start_mrr",
        "t43"."end_mrr",
        "t43"."new",
        "t43"."expansion",
        "t43"."contraction",
        "t43"."churn",
        "t43"."reactivation",
        "t43"."churned",
        "t43"."acquired",
        "t43"."reactivated",
        "t43"."_num",
        "t43"."_den",
        "t9"."dim_account_id",
        "t9"."segment"
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
          CASE
            WHEN (
              "t39"."start_mrr" > 0
            ) AND (
              "t39"."end_mrr" = 0
            )
            THEN 1
            ELSE 0
          END AS "_num",
          CASE WHEN "t39"."start_mrr" > 0 THEN 1 ELSE 0 END AS "_den"
        FROM "t38" AS "t39"
        WHERE
          "t39"."period_start" >= MAKE_DATE(2026, 5, 1)
          AND "t39"."period_start" < MAKE_DATE(2026, 11, 1)
      ) AS "t43"
      LEFT OUTER JOIN (
        SELECT
          "t0"."account_id" AS "dim_account_id",
          "t0"."segment"
        FROM "accounts" AS "t0"
      ) AS "t9"
        ON "t43"."account_id" = "t9"."dim_account_id"
    ) AS "t45"
  ) AS "t46"
  GROUP BY
    1,
    2
), "t64" AS (
  SELECT
    "t63"."period_start",
    "t63"."segment",
    "t31"."value" / CASE WHEN "t63"."value" = 0 THEN CAST(NULL AS DOUBLE) ELSE "t63"."value" END AS "value"
  FROM (
    SELECT
      "t61"."period_start",
      "t61"."segment",
      CASE
        WHEN CASE
          WHEN (
            "t61"."period_start" + TO_MONTHS(1)
          ) > MAKE_DATE(2026, 11, 1)
          THEN CAST(DATE_DIFF('DAY', "t61"."period_start", MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375
          ELSE 1.0
        END = 1
        THEN "t61"."value"
        ELSE 1 - (
          POWER(
            (
              1 - "t61"."value"
            ),
            (
              1 / CASE
                WHEN (
                  "t61"."period_start" + TO_MONTHS(1)
                ) > MAKE_DATE(2026, 11, 1)
                THEN CAST(DATE_DIFF('DAY', "t61"."period_start", MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375
                ELSE 1.0
              END
            )
          )
        )
      END AS "value"
    FROM (
      SELECT
        "t23"."period_start",
        "t60"."segment",
        "t58"."value"
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
              "t52"."segment"
            FROM "t51" AS "t52"
          ) AS "t54"
        ) AS "t57"
      ) AS "t60"
      LEFT OUTER JOIN (
        SELECT
          *
        FROM "t51" AS "t52"
      ) AS "t58"
        ON "t23"."period_start" = "t58"."period_start"
        AND "t60"."segment" IS NOT DISTINCT FROM "t58"."segment"
    ) AS "t61"
  ) AS "t63"
  LEFT OUTER JOIN (
    SELECT
      "t25"."period_start",
      "t25"."segment",
      "t25"."value" / CASE
        WHEN (
          "t25"."period_start" + TO_MONTHS(1)
        ) > MAKE_DATE(2026, 11, 1)
        THEN CAST(DATE_DIFF('DAY', "t25"."period_start", MAKE_DATE(2026, 11, 1)) AS DOUBLE) / 30.4375
        ELSE 1.0
      END AS "value"
    FROM (
      SELECT
        "t24"."period_start",
        "t24"."segment",
        SUM("t24"."amount") / COUNT(DISTINCT "t24"."account_id") AS "value"
      FROM (
        SELECT
          "t21".*
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
        ) AS "t21"
      ) AS "t24"
      GROUP BY
        1,
        2
    ) AS "t25"
  ) AS "t31"
    ON "t63"."period_start" = "t31"."period_start"
    AND "t63"."segment" IS NOT DISTINCT FROM "t31"."segment"
), "t74" AS (
  SELECT
    "t56"."period_start",
    "t56"."segment",
    "t73"."value" / CASE WHEN "t56"."value" = 0 THEN CAST(NULL AS DOUBLE) ELSE "t56"."value" END AS "value"
  FROM (
    SELECT
      "t50"."period_start",
      "t50"."segment",
      AVG("t50"."cost") AS "value"
    FROM (
      SELECT
        "t49".*
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
          "t48"."cost_account",
          "t48"."cost",
          "t9"."dim_account_id",
          "t9"."segment"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t41"."account_id",
              "t41"."period_start",
              "t41"."start_mrr",
              "t41"."end_mrr",
              "t41"."new",
              "t41"."expansion",
              "t41"."contraction",
              "t41"."churn",
              "t41"."reactivation",
              "t41"."churned",
              "t41"."acquired",
              "t41"."reactivated",
              "t16"."cost_account",
              "t16"."cost"
            FROM (
              SELECT
                *
              FROM "t38" AS "t39"
              WHERE
                "t39"."acquired" = 1
            ) AS "t41"
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
              ON "t41"."account_id" = "t16"."cost_account"
          ) AS "t44"
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
      ) AS "t49"
    ) AS "t50"
    GROUP BY
      1,
      2
  ) AS "t56"
  LEFT OUTER JOIN (
    SELECT
      "t23"."period_start",
      "t71"."segment",
      "t69"."value"
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
            "t65"."segment"
          FROM "t64" AS "t65"
        ) AS "t66"
      ) AS "t67"
    ) AS "t71"
    LEFT OUTER JOIN (
      SELECT
        "t65"."period_start",
        "t65"."segment",
        "t65"."value" * 1.0 AS "value"
      FROM "t64" AS "t65"
    ) AS "t69"
      ON "t23"."period_start" = "t69"."period_start"
      AND "t71"."segment" IS NOT DISTINCT FROM "t69"."segment"
  ) AS "t73"
    ON "t56"."period_start" = "t73"."period_start"
    AND "t56"."segment" IS NOT DISTINCT FROM "t73"."segment"
)
SELECT
  "t23"."period_start",
  "t81"."segment",
  "t79"."value"
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
        "t75"."segment"
      FROM "t74" AS "t75"
    ) AS "t76"
  ) AS "t78"
) AS "t81"
LEFT OUTER JOIN (
  SELECT
    *
  FROM "t74" AS "t75"
) AS "t79"
  ON "t23"."period_start" = "t79"."period_start"
  AND "t81"."segment" IS NOT DISTINCT FROM "t79"."segment"

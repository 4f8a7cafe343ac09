-- feedback_sentiment: this query counts each distinct text per bucket; csm_kit scores the texts in Python and takes the weighted mean
SELECT
  `t7`.`period_start`,
  `t7`.`segment`,
  `t7`.`_text`,
  COUNT(*) AS `_n`
FROM (
  SELECT
    `t6`.`response_id`,
    `t6`.`account_id`,
    `t6`.`user_id`,
    `t6`.`survey`,
    `t6`.`score`,
    `t6`.`responded_at`,
    `t6`.`comment`,
    `t6`.`_text`,
    `t6`.`period_start`,
    `t6`.`segment`
  FROM (
    SELECT
      `t5`.`response_id`,
      `t5`.`account_id`,
      `t5`.`user_id`,
      `t5`.`survey`,
      `t5`.`score`,
      `t5`.`responded_at`,
      `t5`.`comment`,
      `t5`.`_text`,
      `t5`.`period_start`,
      `t3`.`dim_account_id`,
      `t3`.`segment`
    FROM (
      SELECT
        `t0`.`response_id`,
        `t0`.`account_id`,
        `t0`.`user_id`,
        `t0`.`survey`,
        `t0`.`score`,
        `t0`.`responded_at`,
        `t0`.`comment`,
        `t0`.`comment` AS `_text`,
        CAST(DATE_TRUNC('month', `t0`.`responded_at`) AS DATE) AS `period_start`
      FROM `survey_responses` AS `t0`
      WHERE
        `t0`.`responded_at` >= CAST('2026-05-01T00:00:00' AS TIMESTAMP)
        AND `t0`.`responded_at` < CAST('2026-11-01T00:00:00' AS TIMESTAMP)
        AND `t0`.`comment` IS NOT NULL
        AND TRIM(' \t\n\r\v\f' FROM `t0`.`comment`) <> ''
    ) AS `t5`
    LEFT OUTER JOIN (
      SELECT
        `t1`.`account_id` AS `dim_account_id`,
        `t1`.`segment`
      FROM `accounts` AS `t1`
    ) AS `t3`
      ON `t5`.`account_id` = `t3`.`dim_account_id`
  ) AS `t6`
) AS `t7`
GROUP BY
  1,
  2,
  3

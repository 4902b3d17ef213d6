-- Verdicts: how sure the app is of each reading (CONFIDENT, UNSURE, NOT_A_DIGIT).
--
-- Rows stored before verdicts existed get one from their confidence alone (their ink is not
-- looked at again): under 0.8 is UNSURE, the rest CONFIDENT; none becomes NOT_A_DIGIT, so the
-- totals below stay as they are.
CREATE TYPE "Verdict" AS ENUM ('CONFIDENT', 'UNSURE', 'NOT_A_DIGIT');
ALTER TABLE "predictions" ADD COLUMN "verdict" "Verdict" NOT NULL DEFAULT 'CONFIDENT';
UPDATE "predictions" SET "verdict" = 'UNSURE' WHERE "confidence" < 0.8;
ALTER TABLE "predictions" ALTER COLUMN "verdict" DROP DEFAULT;

-- The totals keep not-a-digit readings apart, in confidence bucket -1: accuracy and calibration
-- count digits, and stats report how many drawings were not digits.
CREATE OR REPLACE FUNCTION "predictions_stats_rows"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    direction INTEGER := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    PERFORM "prediction_stats_apply"(ARRAY(
        SELECT ROW(h, digit, label, bucket, direction * COUNT(*), direction * SUM(conf))::"prediction_stats_delta"
        FROM (
            SELECT date_trunc('hour', "timestamp", 'UTC') AS h, "predicted_digit" AS digit, COALESCE("true_label", -1)::smallint AS label,
                   CASE WHEN "verdict" = 'NOT_A_DIGIT' THEN -1 ELSE LEAST(FLOOR("confidence" * 10), 9) END::smallint AS bucket, "confidence"::float8 AS conf
            FROM "changed"
        ) r
        GROUP BY h, digit, label, bucket));
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION "predictions_stats_updated"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "prediction_stats_apply"(ARRAY(
        SELECT ROW(h, digit, label, bucket, SUM(n), SUM(conf * n))::"prediction_stats_delta"
        FROM (
            SELECT o."timestamp" AS ts, o."predicted_digit" AS pd, o."true_label" AS tl, o."confidence" AS c, o."verdict" AS v, -1 AS n
            FROM "old_rows" o
            WHERE NOT EXISTS (
                SELECT 1 FROM "new_rows" x WHERE x."id" = o."id"
                AND (x."timestamp", x."predicted_digit", x."true_label", x."confidence", x."verdict") IS NOT DISTINCT FROM (o."timestamp", o."predicted_digit", o."true_label", o."confidence", o."verdict"))
            UNION ALL
            SELECT n."timestamp", n."predicted_digit", n."true_label", n."confidence", n."verdict", 1
            FROM "new_rows" n
            WHERE NOT EXISTS (
                SELECT 1 FROM "old_rows" x WHERE x."id" = n."id"
                AND (x."timestamp", x."predicted_digit", x."true_label", x."confidence", x."verdict") IS NOT DISTINCT FROM (n."timestamp", n."predicted_digit", n."true_label", n."confidence", n."verdict"))
        ) changed
        CROSS JOIN LATERAL (
            SELECT date_trunc('hour', ts, 'UTC') AS h, pd AS digit, COALESCE(tl, -1)::smallint AS label,
                   CASE WHEN v = 'NOT_A_DIGIT' THEN -1 ELSE LEAST(FLOOR(c * 10), 9) END::smallint AS bucket, c::float8 AS conf
        ) k
        GROUP BY h, digit, label, bucket
        HAVING SUM(n) <> 0 OR SUM(conf * n) <> 0));
    RETURN NULL;
END;
$$;

-- All-time totals per model version (same keys as prediction_stats_total, plus the version), so
-- that stats(modelVersion:) compares versions on people's drawings without reading predictions.
-- Kept by statement-level triggers of their own, in the same transaction as every write.
CREATE TABLE "prediction_stats_by_model" (
  "model_version" VARCHAR(64) NOT NULL,
  "predicted_digit" SMALLINT NOT NULL,
  "true_label" SMALLINT NOT NULL,
  "confidence_bucket" SMALLINT NOT NULL,
  "count" BIGINT NOT NULL,
  "confidence_sum" DOUBLE PRECISION NOT NULL,
  PRIMARY KEY ("model_version", "predicted_digit", "true_label", "confidence_bucket")
);

CREATE TYPE "prediction_model_stats_delta" AS (
  "model_version" VARCHAR(64), "predicted_digit" SMALLINT, "true_label" SMALLINT, "confidence_bucket" SMALLINT,
  "count" BIGINT, "confidence_sum" DOUBLE PRECISION
);

CREATE FUNCTION "prediction_model_stats_apply"(deltas "prediction_model_stats_delta"[])
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(deltas) = 0 THEN
        RETURN;
    END IF;
    -- In key order, as the other totals are written, so concurrent writers never deadlock.
    INSERT INTO "prediction_stats_by_model" AS s ("model_version", "predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
    SELECT d."model_version", d."predicted_digit", d."true_label", d."confidence_bucket", d."count", d."confidence_sum"
    FROM unnest(deltas) AS d ORDER BY 1, 2, 3, 4
    ON CONFLICT ("model_version", "predicted_digit", "true_label", "confidence_bucket") DO UPDATE SET
        "count" = s."count" + EXCLUDED."count",
        "confidence_sum" = CASE WHEN s."count" + EXCLUDED."count" = 0 THEN 0 ELSE s."confidence_sum" + EXCLUDED."confidence_sum" END;
END;
$$;

-- The bucket of a reading: its confidence tenth, or -1 for NOT_A_DIGIT (as in the other totals).
CREATE FUNCTION "prediction_stats_bucket"(confidence REAL, verdict "Verdict") RETURNS SMALLINT
LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE WHEN verdict = 'NOT_A_DIGIT' THEN -1 ELSE LEAST(FLOOR(confidence * 10), 9) END)::smallint
$$;

CREATE FUNCTION "predictions_model_stats_rows"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    direction INTEGER := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    PERFORM "prediction_model_stats_apply"(ARRAY(
        SELECT ROW(mv, digit, label, bucket, direction * COUNT(*), direction * SUM(conf))::"prediction_model_stats_delta"
        FROM (
            SELECT "model_version" AS mv, "predicted_digit" AS digit, COALESCE("true_label", -1)::smallint AS label,
                   "prediction_stats_bucket"("confidence", "verdict") AS bucket, "confidence"::float8 AS conf
            FROM "changed"
        ) r
        GROUP BY mv, digit, label, bucket));
    RETURN NULL;
END;
$$;

CREATE FUNCTION "predictions_model_stats_updated"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "prediction_model_stats_apply"(ARRAY(
        SELECT ROW(mv, pd, label, bucket, SUM(n), SUM(c::float8 * n))::"prediction_model_stats_delta"
        FROM (
            SELECT o."model_version" AS mv, o."predicted_digit" AS pd, o."true_label" AS tl, o."confidence" AS c, o."verdict" AS v, -1 AS n
            FROM "old_rows" o
            WHERE NOT EXISTS (
                SELECT 1 FROM "new_rows" x WHERE x."id" = o."id"
                AND (x."model_version", x."predicted_digit", x."true_label", x."confidence", x."verdict") IS NOT DISTINCT FROM (o."model_version", o."predicted_digit", o."true_label", o."confidence", o."verdict"))
            UNION ALL
            SELECT n."model_version", n."predicted_digit", n."true_label", n."confidence", n."verdict", 1
            FROM "new_rows" n
            WHERE NOT EXISTS (
                SELECT 1 FROM "old_rows" x WHERE x."id" = n."id"
                AND (x."model_version", x."predicted_digit", x."true_label", x."confidence", x."verdict") IS NOT DISTINCT FROM (n."model_version", n."predicted_digit", n."true_label", n."confidence", n."verdict"))
        ) changed
        CROSS JOIN LATERAL (SELECT COALESCE(tl, -1)::smallint AS label, "prediction_stats_bucket"(c, v) AS bucket) k
        GROUP BY mv, pd, label, bucket
        HAVING SUM(n) <> 0 OR SUM(c::float8 * n) <> 0));
    RETURN NULL;
END;
$$;

CREATE FUNCTION "predictions_model_stats_truncated"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "prediction_stats_by_model";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "predictions_model_stats_insert" AFTER INSERT ON "predictions"
    REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "predictions_model_stats_rows"();
CREATE TRIGGER "predictions_model_stats_delete" AFTER DELETE ON "predictions"
    REFERENCING OLD TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "predictions_model_stats_rows"();
CREATE TRIGGER "predictions_model_stats_update" AFTER UPDATE ON "predictions"
    REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "predictions_model_stats_updated"();
CREATE TRIGGER "predictions_model_stats_truncate" AFTER TRUNCATE ON "predictions"
    FOR EACH STATEMENT EXECUTE FUNCTION "predictions_model_stats_truncated"();

-- The rows stored so far.
INSERT INTO "prediction_stats_by_model" ("model_version", "predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
SELECT "model_version", "predicted_digit", COALESCE("true_label", -1), "prediction_stats_bucket"("confidence", "verdict"), COUNT(*), SUM("confidence"::float8)
FROM "predictions" GROUP BY 1, 2, 3, 4;

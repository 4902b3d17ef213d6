-- Statement-level stats triggers and hourly totals.
--
-- A row-level trigger rewrites the same aggregate row once per changed prediction, and every
-- version stays until commit: a bulk insert or restore grew quadratically. These triggers see a
-- statement's rows all at once (transition tables), group them, and write each aggregate row
-- once per statement. Hourly totals let stats(since:) start at any hour without reading
-- predictions.

-- Dropping the old triggers locks predictions until commit, so no write slips between the
-- backfill below and the new triggers.
DROP TRIGGER "predictions_track_stats_insert_delete" ON "predictions";
DROP TRIGGER "predictions_track_stats_update" ON "predictions";
DROP FUNCTION "predictions_track_stats"();
DROP FUNCTION "prediction_stats_bump"(TIMESTAMPTZ, SMALLINT, SMALLINT, REAL, INTEGER);

-- CreateTable
CREATE TABLE "prediction_stats_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "predicted_digit" SMALLINT NOT NULL,
    "true_label" SMALLINT NOT NULL,
    "confidence_bucket" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "confidence_sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "prediction_stats_hourly_pkey" PRIMARY KEY ("hour","predicted_digit","true_label","confidence_bucket")
);

-- Hours are UTC whatever the session's time zone, like the days.
INSERT INTO "prediction_stats_hourly" ("hour", "predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
SELECT date_trunc('hour', "timestamp", 'UTC'), "predicted_digit", COALESCE("true_label", -1), LEAST(FLOOR("confidence" * 10), 9), COUNT(*), SUM("confidence"::float8)
FROM "predictions" GROUP BY 1, 2, 3, 4;

-- One statement's change to one hourly group (count and confidence_sum may be negative).
CREATE TYPE "prediction_stats_delta" AS (
    "hour" TIMESTAMPTZ,
    "predicted_digit" SMALLINT,
    "true_label" SMALLINT,
    "confidence_bucket" SMALLINT,
    "count" BIGINT,
    "confidence_sum" DOUBLE PRECISION
);

-- Adds grouped changes to the hourly, daily and all-time tables. Rows are upserted in key order
-- and the tables in a fixed order, so concurrent writers lock aggregate rows in the same order
-- and cannot deadlock. An emptied group gets a sum of exactly 0 rather than rounding residue.
CREATE FUNCTION "prediction_stats_apply"(deltas "prediction_stats_delta"[])
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(deltas) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO "prediction_stats_hourly" AS s ("hour", "predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
    SELECT d."hour", d."predicted_digit", d."true_label", d."confidence_bucket", d."count", d."confidence_sum"
    FROM unnest(deltas) AS d ORDER BY 1, 2, 3, 4
    ON CONFLICT ("hour", "predicted_digit", "true_label", "confidence_bucket") DO UPDATE SET
        "count" = s."count" + EXCLUDED."count",
        "confidence_sum" = CASE WHEN s."count" + EXCLUDED."count" = 0 THEN 0 ELSE s."confidence_sum" + EXCLUDED."confidence_sum" END;

    INSERT INTO "prediction_stats" AS s ("day", "predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
    SELECT (d."hour" AT TIME ZONE 'UTC')::date, d."predicted_digit", d."true_label", d."confidence_bucket", SUM(d."count"), SUM(d."confidence_sum")
    FROM unnest(deltas) AS d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("day", "predicted_digit", "true_label", "confidence_bucket") DO UPDATE SET
        "count" = s."count" + EXCLUDED."count",
        "confidence_sum" = CASE WHEN s."count" + EXCLUDED."count" = 0 THEN 0 ELSE s."confidence_sum" + EXCLUDED."confidence_sum" END;

    INSERT INTO "prediction_stats_total" AS s ("predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
    SELECT d."predicted_digit", d."true_label", d."confidence_bucket", SUM(d."count"), SUM(d."confidence_sum")
    FROM unnest(deltas) AS d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("predicted_digit", "true_label", "confidence_bucket") DO UPDATE SET
        "count" = s."count" + EXCLUDED."count",
        "confidence_sum" = CASE WHEN s."count" + EXCLUDED."count" = 0 THEN 0 ELSE s."confidence_sum" + EXCLUDED."confidence_sum" END;
END;
$$;

-- Inserted rows count +1, deleted rows -1: both triggers name their transition table "changed".
CREATE FUNCTION "predictions_stats_rows"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    direction INTEGER := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    PERFORM "prediction_stats_apply"(ARRAY(
        SELECT ROW(h, digit, label, bucket, direction * COUNT(*), direction * SUM(conf))::"prediction_stats_delta"
        FROM (
            SELECT date_trunc('hour', "timestamp", 'UTC') AS h, "predicted_digit" AS digit, COALESCE("true_label", -1)::smallint AS label,
                   LEAST(FLOOR("confidence" * 10), 9)::smallint AS bucket, "confidence"::float8 AS conf
            FROM "changed"
        ) r
        GROUP BY h, digit, label, bucket));
    RETURN NULL;
END;
$$;

-- An UPDATE trigger cannot name columns when it has transition tables, so this one runs for every
-- update. Rows whose counted columns are unchanged (same id, same values) cancel out and are left
-- aside; the rest count -1 as they were and +1 as they are, and groups that net to nothing are
-- skipped.
CREATE FUNCTION "predictions_stats_updated"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "prediction_stats_apply"(ARRAY(
        SELECT ROW(h, digit, label, bucket, SUM(n), SUM(conf * n))::"prediction_stats_delta"
        FROM (
            SELECT o."timestamp" AS ts, o."predicted_digit" AS pd, o."true_label" AS tl, o."confidence" AS c, -1 AS n
            FROM "old_rows" o
            WHERE NOT EXISTS (
                SELECT 1 FROM "new_rows" x WHERE x."id" = o."id"
                AND (x."timestamp", x."predicted_digit", x."true_label", x."confidence") IS NOT DISTINCT FROM (o."timestamp", o."predicted_digit", o."true_label", o."confidence"))
            UNION ALL
            SELECT n."timestamp", n."predicted_digit", n."true_label", n."confidence", 1
            FROM "new_rows" n
            WHERE NOT EXISTS (
                SELECT 1 FROM "old_rows" x WHERE x."id" = n."id"
                AND (x."timestamp", x."predicted_digit", x."true_label", x."confidence") IS NOT DISTINCT FROM (n."timestamp", n."predicted_digit", n."true_label", n."confidence"))
        ) changed
        CROSS JOIN LATERAL (
            SELECT date_trunc('hour', ts, 'UTC') AS h, pd AS digit, COALESCE(tl, -1)::smallint AS label,
                   LEAST(FLOOR(c * 10), 9)::smallint AS bucket, c::float8 AS conf
        ) k
        GROUP BY h, digit, label, bucket
        HAVING SUM(n) <> 0 OR SUM(conf * n) <> 0));
    RETURN NULL;
END;
$$;

-- TRUNCATE fires no DELETE trigger: empty the aggregates with the table.
CREATE FUNCTION "predictions_stats_truncated"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "prediction_stats_hourly";
    DELETE FROM "prediction_stats";
    DELETE FROM "prediction_stats_total";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "predictions_stats_insert" AFTER INSERT ON "predictions"
    REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "predictions_stats_rows"();

CREATE TRIGGER "predictions_stats_delete" AFTER DELETE ON "predictions"
    REFERENCING OLD TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "predictions_stats_rows"();

CREATE TRIGGER "predictions_stats_update" AFTER UPDATE ON "predictions"
    REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "predictions_stats_updated"();

CREATE TRIGGER "predictions_stats_truncate" AFTER TRUNCATE ON "predictions"
    FOR EACH STATEMENT EXECUTE FUNCTION "predictions_stats_truncated"();

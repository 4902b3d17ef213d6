-- All-time totals beside the daily ones, so that stats without `since` read at most
-- 10 x 11 x 10 rows however long the service has run.

-- CreateTable
CREATE TABLE "prediction_stats_total" (
    "predicted_digit" SMALLINT NOT NULL,
    "true_label" SMALLINT NOT NULL,
    "confidence_bucket" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "confidence_sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "prediction_stats_total_pkey" PRIMARY KEY ("predicted_digit","true_label","confidence_bucket")
);

INSERT INTO "prediction_stats_total" ("predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
SELECT "predicted_digit", "true_label", "confidence_bucket", SUM("count"), SUM("confidence_sum")
FROM "prediction_stats" GROUP BY 1, 2, 3;

CREATE OR REPLACE FUNCTION "prediction_stats_bump"(ts TIMESTAMPTZ, digit SMALLINT, label SMALLINT, conf REAL, delta INTEGER)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "prediction_stats" AS s ("day", "predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
    VALUES ((ts AT TIME ZONE 'UTC')::date, digit, COALESCE(label, -1), LEAST(FLOOR(conf * 10), 9), delta, conf * delta)
    ON CONFLICT ("day", "predicted_digit", "true_label", "confidence_bucket")
    DO UPDATE SET "count" = s."count" + EXCLUDED."count", "confidence_sum" = s."confidence_sum" + EXCLUDED."confidence_sum";
    INSERT INTO "prediction_stats_total" AS t ("predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
    VALUES (digit, COALESCE(label, -1), LEAST(FLOOR(conf * 10), 9), delta, conf * delta)
    ON CONFLICT ("predicted_digit", "true_label", "confidence_bucket")
    DO UPDATE SET "count" = t."count" + EXCLUDED."count", "confidence_sum" = t."confidence_sum" + EXCLUDED."confidence_sum";
END;
$$;

-- PNG and JPEG bytes are already compressed: store them out of line without trying pglz on
-- every insert (it costs CPU and saves nothing).
ALTER TABLE "predictions" ALTER COLUMN "image_data" SET STORAGE EXTERNAL;

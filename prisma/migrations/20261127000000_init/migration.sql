-- CreateTable
CREATE TABLE "predictions" (
    "id" SERIAL NOT NULL,
    "predicted_digit" SMALLINT NOT NULL,
    "confidence" REAL NOT NULL,
    "probabilities" REAL[],
    "true_label" SMALLINT,
    "image_data" BYTEA NOT NULL,
    "model_version" VARCHAR(64) NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "labeled_at" TIMESTAMPTZ(3),

    CONSTRAINT "predictions_pkey" PRIMARY KEY ("id"),
    -- The database refuses what the API would never write, whatever the client code does.
    CONSTRAINT "predictions_digit_check" CHECK ("predicted_digit" BETWEEN 0 AND 9),
    CONSTRAINT "predictions_true_label_check" CHECK ("true_label" IS NULL OR "true_label" BETWEEN 0 AND 9),
    CONSTRAINT "predictions_confidence_check" CHECK ("confidence" >= 0 AND "confidence" <= 1),
    CONSTRAINT "predictions_probabilities_check" CHECK (cardinality("probabilities") = 10)
);

-- CreateTable
CREATE TABLE "prediction_stats" (
    "day" DATE NOT NULL,
    "predicted_digit" SMALLINT NOT NULL,
    "true_label" SMALLINT NOT NULL,
    "confidence_bucket" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "confidence_sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "prediction_stats_pkey" PRIMARY KEY ("day","predicted_digit","true_label","confidence_bucket")
);

-- CreateIndex
CREATE INDEX "predictions_predicted_digit_id_idx" ON "predictions"("predicted_digit", "id");

-- CreateIndex
CREATE INDEX "predictions_true_label_id_idx" ON "predictions"("true_label", "id");

-- CreateIndex
CREATE INDEX "predictions_timestamp_idx" ON "predictions"("timestamp");

-- Keep prediction_stats in step with predictions inside the writing transaction.
CREATE FUNCTION "prediction_stats_bump"(ts TIMESTAMPTZ, digit SMALLINT, label SMALLINT, conf REAL, delta INTEGER)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "prediction_stats" AS s ("day", "predicted_digit", "true_label", "confidence_bucket", "count", "confidence_sum")
    VALUES ((ts AT TIME ZONE 'UTC')::date, digit, COALESCE(label, -1), LEAST(FLOOR(conf * 10), 9), delta, conf * delta)
    ON CONFLICT ("day", "predicted_digit", "true_label", "confidence_bucket")
    DO UPDATE SET "count" = s."count" + EXCLUDED."count", "confidence_sum" = s."confidence_sum" + EXCLUDED."confidence_sum";
END;
$$;

CREATE FUNCTION "predictions_track_stats"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM "prediction_stats_bump"(OLD."timestamp", OLD."predicted_digit", OLD."true_label", OLD."confidence", -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM "prediction_stats_bump"(NEW."timestamp", NEW."predicted_digit", NEW."true_label", NEW."confidence", 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "predictions_track_stats_insert_delete" AFTER INSERT OR DELETE ON "predictions"
    FOR EACH ROW EXECUTE FUNCTION "predictions_track_stats"();

CREATE TRIGGER "predictions_track_stats_update" AFTER UPDATE OF "true_label", "predicted_digit", "confidence", "timestamp" ON "predictions"
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "predictions_track_stats"();

-- Labels are reviewed before they may train a model: anyone may label (PENDING), a reviewer's
-- own labels and the ones they approve are APPROVED, and a rejected label is taken off the
-- prediction (true_label back to NULL, so the statistics drop it) and kept in rejected_label.
-- NULL: never labeled, or labeled outside the API (treated as not reviewed).
CREATE TYPE "LabelStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

ALTER TABLE "predictions"
  ADD COLUMN "label_status" "LabelStatus",
  ADD COLUMN "reviewed_by" VARCHAR(64),
  ADD COLUMN "reviewed_at" TIMESTAMPTZ(3),
  ADD COLUMN "rejected_label" SMALLINT CHECK ("rejected_label" BETWEEN 0 AND 9);

UPDATE "predictions" SET "label_status" = 'PENDING' WHERE "true_label" IS NOT NULL;

-- The review queue and the training set read these rows only.
CREATE INDEX "predictions_label_pending" ON "predictions" ("id") WHERE "label_status" = 'PENDING';
CREATE INDEX "predictions_label_approved" ON "predictions" ("id") WHERE "label_status" = 'APPROVED';

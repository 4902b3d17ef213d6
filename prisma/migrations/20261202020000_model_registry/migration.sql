-- The model registry: every version's ONNX bytes, card and metrics, so that every replica serves
-- the same truth without a shared disk. Exactly one version is ACTIVE (the partial unique index);
-- activating one is a transaction that retires the other, recorded in model_activations.
CREATE TYPE "ModelStatus" AS ENUM ('CANDIDATE', 'ACTIVE', 'RETIRED');

CREATE TABLE "model_versions" (
  "version" VARCHAR(64) PRIMARY KEY,
  "sha256" CHAR(64) NOT NULL UNIQUE,
  "onnx" BYTEA NOT NULL,
  -- What fine-tuning starts from (PyTorch weights), when the version has them.
  "weights" BYTEA,
  "card" JSONB NOT NULL,
  "metrics" JSONB NOT NULL DEFAULT '{}',
  "status" "ModelStatus" NOT NULL DEFAULT 'CANDIDATE',
  -- 'bundled': shipped in model-artifacts; 'retrained': made by npm run retrain.
  "source" VARCHAR(16) NOT NULL CHECK ("source" IN ('bundled', 'retrained')),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "activated_at" TIMESTAMPTZ(3)
);

CREATE UNIQUE INDEX "model_versions_one_active" ON "model_versions" ((true)) WHERE "status" = 'ACTIVE';

CREATE TABLE "model_activations" (
  "id" SERIAL PRIMARY KEY,
  "version" VARCHAR(64) NOT NULL REFERENCES "model_versions" ("version"),
  "previous" VARCHAR(64) REFERENCES "model_versions" ("version"),
  -- An API key's name, or 'bundled' for the model shipped with the app.
  "activated_by" VARCHAR(64) NOT NULL,
  "reason" TEXT,
  "forced" BOOLEAN NOT NULL DEFAULT false,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- API keys for the management operations. Only a sha256 of each key's secret is stored: the key
-- is shown once, when it is made. public_id (also part of the key) finds the row; the secret's
-- hash is then compared in constant time by the server.
CREATE TYPE "ApiKeyRole" AS ENUM ('ADMIN', 'REVIEWER');

CREATE TABLE "api_keys" (
  "id" SERIAL PRIMARY KEY,
  "name" VARCHAR(64) NOT NULL CHECK ("name" ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
  "role" "ApiKeyRole" NOT NULL,
  "public_id" VARCHAR(16) NOT NULL UNIQUE,
  "secret_hash" BYTEA NOT NULL CHECK (octet_length("secret_hash") = 32),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3)
);

-- A name belongs to one key at a time; a revoked key's name may be reused.
CREATE UNIQUE INDEX "api_keys_live_name" ON "api_keys" ("name") WHERE "revoked_at" IS NULL;

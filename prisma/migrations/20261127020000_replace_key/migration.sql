-- Only the client that made a prediction may replace it with a later one of the same drawing:
-- predictDigit hands it a random token and keeps the token's sha256 here. Older rows and
-- batch predictions have none and cannot be replaced.
ALTER TABLE "predictions" ADD COLUMN "replace_key" BYTEA;

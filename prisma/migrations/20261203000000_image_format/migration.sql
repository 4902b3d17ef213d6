-- The stored image's format, so that its URL has the right extension (image.png or image.jpg)
-- without reading the bytes. Older rows are classified by their first bytes (JPEG: FF D8 FF).
CREATE TYPE "ImageFormat" AS ENUM ('png', 'jpeg');
ALTER TABLE "predictions" ADD COLUMN "image_format" "ImageFormat" NOT NULL DEFAULT 'png';
UPDATE "predictions" SET "image_format" = 'jpeg' WHERE substring("image_data" FROM 1 FOR 3) = '\xffd8ff'::bytea;

-- Author pages live at /authors/<slug>. Existing people get a slug from their name, and namesakes get
-- -2, -3 … in the order they joined.
ALTER TABLE "User" ADD COLUMN     "slug" TEXT;

UPDATE "User" AS u
SET "slug" = numbered.base || CASE WHEN numbered.n = 1 THEN '' ELSE '-' || numbered.n END
FROM (
  SELECT id, base, row_number() OVER (PARTITION BY base ORDER BY "createdAt", id) AS n
  FROM (
    SELECT id, "createdAt",
           coalesce(nullif(trim(BOTH '-' FROM regexp_replace(lower("name"), '[^a-z0-9]+', '-', 'g')), ''), 'staff') AS base
    FROM "User"
  ) AS named
) AS numbered
WHERE u.id = numbered.id;

-- CreateIndex
CREATE UNIQUE INDEX "User_slug_key" ON "User"("slug");

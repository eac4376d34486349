-- The import screen takes the site's zipped uploads folder beside the export: a run waits in
-- UPLOADING until that second file is stored, and records where it is.
ALTER TYPE "ImportStatus" ADD VALUE 'UPLOADING' BEFORE 'QUEUED';

ALTER TABLE "ImportRun" ADD COLUMN "uploadsFileName" TEXT NOT NULL DEFAULT '',
ADD COLUMN "uploadsPath" TEXT;

-- Archive import: which story each imported post became (and which photo each imported image), the
-- old addresses that redirect to it, and the import runs of the admin screen.
CREATE TYPE "ImportStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

CREATE TABLE "ImportedPost" (
    "sourceSite" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "storyId" UUID NOT NULL,
    "postType" TEXT NOT NULL DEFAULT 'post',
    "contentHash" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "importedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ImportedPost_pkey" PRIMARY KEY ("sourceSite","sourceId")
);

CREATE TABLE "PathRedirect" (
    "path" TEXT NOT NULL,
    "storyId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PathRedirect_pkey" PRIMARY KEY ("path")
);

CREATE TABLE "ImportedMedia" (
    "sourceSite" TEXT NOT NULL,
    "sourceUrl" TEXT NOT NULL,
    "mediaId" UUID NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportedMedia_pkey" PRIMARY KEY ("sourceSite","sourceUrl")
);

CREATE TABLE "ImportRun" (
    "id" UUID NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "fileName" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "pages" BOOLEAN NOT NULL DEFAULT true,
    "authors" JSONB NOT NULL DEFAULT '[]',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "failure" TEXT NOT NULL DEFAULT '',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ImportedPost_storyId_idx" ON "ImportedPost"("storyId");

CREATE INDEX "PathRedirect_storyId_idx" ON "PathRedirect"("storyId");

CREATE INDEX "ImportedMedia_mediaId_idx" ON "ImportedMedia"("mediaId");

CREATE INDEX "ImportRun_createdAt_idx" ON "ImportRun"("createdAt" DESC);

ALTER TABLE "ImportedPost" ADD CONSTRAINT "ImportedPost_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "PathRedirect" ADD CONSTRAINT "PathRedirect_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ImportedMedia" ADD CONSTRAINT "ImportedMedia_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "Media"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ImportRun" ADD CONSTRAINT "ImportRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "live" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "StoryUpdateEdit" (
    "id" UUID NOT NULL,
    "updateId" UUID NOT NULL,
    "previousNote" TEXT NOT NULL,
    "previousOccurredAt" TIMESTAMPTZ(3) NOT NULL,
    "editedById" UUID,
    "editedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoryUpdateEdit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishedVersion" (
    "id" UUID NOT NULL,
    "storyId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "snapshot" JSONB,
    "digest" TEXT NOT NULL,
    "previousDigest" TEXT,
    "updateId" UUID,
    "takenDownAt" TIMESTAMPTZ(3),
    "takedownReason" TEXT,

    CONSTRAINT "PublishedVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StoryUpdateEdit_updateId_editedAt_idx" ON "StoryUpdateEdit"("updateId", "editedAt");

-- CreateIndex
CREATE INDEX "PublishedVersion_storyId_publishedAt_idx" ON "PublishedVersion"("storyId", "publishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedVersion_storyId_sequence_key" ON "PublishedVersion"("storyId", "sequence");

-- AddForeignKey
ALTER TABLE "StoryUpdateEdit" ADD CONSTRAINT "StoryUpdateEdit_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "StoryUpdate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryUpdateEdit" ADD CONSTRAINT "StoryUpdateEdit_editedById_fkey" FOREIGN KEY ("editedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedVersion" ADD CONSTRAINT "PublishedVersion_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedVersion" ADD CONSTRAINT "PublishedVersion_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "StoryUpdate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A published version keeps its content unless it was taken down, in which case the reason is kept.
ALTER TABLE "PublishedVersion" ADD CONSTRAINT "PublishedVersion_content_or_tombstone" CHECK (
  ("takenDownAt" IS NULL AND "snapshot" IS NOT NULL) OR ("takenDownAt" IS NOT NULL AND "takedownReason" IS NOT NULL AND "takedownReason" <> '')
);

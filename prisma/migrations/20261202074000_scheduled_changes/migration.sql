-- CreateEnum
CREATE TYPE "ScheduledChangeStatus" AS ENUM ('PENDING', 'APPLIED', 'HELD', 'CANCELLED');

-- AlterTable
ALTER TABLE "PublishedVersion" ADD COLUMN     "originallyPublishedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ScheduledChange" (
    "id" UUID NOT NULL,
    "storyId" UUID NOT NULL,
    "baseVersion" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ScheduledChangeStatus" NOT NULL DEFAULT 'PENDING',
    "preparedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMPTZ(3),
    "appliedVersion" INTEGER,
    "heldAt" TIMESTAMPTZ(3),
    "heldReason" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "closedById" UUID,

    CONSTRAINT "ScheduledChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScheduledChange_status_runAt_idx" ON "ScheduledChange"("status", "runAt");

-- CreateIndex
CREATE INDEX "ScheduledChange_storyId_status_idx" ON "ScheduledChange"("storyId", "status");

-- AddForeignKey
ALTER TABLE "ScheduledChange" ADD CONSTRAINT "ScheduledChange_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduledChange" ADD CONSTRAINT "ScheduledChange_preparedById_fkey" FOREIGN KEY ("preparedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduledChange" ADD CONSTRAINT "ScheduledChange_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

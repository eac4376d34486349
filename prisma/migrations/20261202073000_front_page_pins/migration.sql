-- CreateEnum
CREATE TYPE "FrontPageSlot" AS ENUM ('LEAD', 'TOP', 'SECTION_BLOCK', 'SECTION_TOP');

-- CreateTable
CREATE TABLE "FrontPageLayout" (
    "id" TEXT NOT NULL DEFAULT 'front',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FrontPageLayout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FrontPagePin" (
    "id" UUID NOT NULL,
    "layoutId" TEXT NOT NULL DEFAULT 'front',
    "slot" "FrontPageSlot" NOT NULL,
    "sectionId" UUID,
    "position" INTEGER NOT NULL,
    "storyId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FrontPagePin_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FrontPagePin_layoutId_slot_position_idx" ON "FrontPagePin"("layoutId", "slot", "position");

-- CreateIndex
CREATE INDEX "FrontPagePin_storyId_idx" ON "FrontPagePin"("storyId");

-- CreateIndex
CREATE INDEX "FrontPagePin_sectionId_idx" ON "FrontPagePin"("sectionId");

-- AddForeignKey
ALTER TABLE "FrontPagePin" ADD CONSTRAINT "FrontPagePin_layoutId_fkey" FOREIGN KEY ("layoutId") REFERENCES "FrontPageLayout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FrontPagePin" ADD CONSTRAINT "FrontPagePin_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FrontPagePin" ADD CONSTRAINT "FrontPagePin_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The one layout row exists from the start, so that every save is a version-checked update
INSERT INTO "FrontPageLayout" ("id") VALUES ('front');

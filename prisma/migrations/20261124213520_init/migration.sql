-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'EDITOR', 'REPORTER');

-- CreateEnum
CREATE TYPE "StoryStatus" AS ENUM ('DRAFT', 'IN_REVIEW', 'SCHEDULED', 'PUBLISHED', 'UNPUBLISHED');

-- CreateEnum
CREATE TYPE "UpdateKind" AS ENUM ('UPDATE', 'CORRECTION', 'CLARIFICATION', 'EDITORS_NOTE');

-- CreateEnum
CREATE TYPE "RevisionKind" AS ENUM ('CREATE', 'SAVE', 'AUTOSAVE', 'PUBLISH', 'UNPUBLISH', 'RESTORE');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "bio" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'REPORTER',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sessionVersion" INTEGER NOT NULL DEFAULT 1,
    "lastSignInAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Section" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Story" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "sectionId" UUID,
    "headline" TEXT NOT NULL,
    "dek" TEXT NOT NULL DEFAULT '',
    "body" JSONB NOT NULL,
    "creditLine" TEXT NOT NULL DEFAULT '',
    "status" "StoryStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "firstPublishedAt" TIMESTAMPTZ(3),
    "lastUpdatedAt" TIMESTAMPTZ(3),
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Story_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Byline" (
    "id" UUID NOT NULL,
    "storyId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "userId" UUID,
    "name" TEXT,
    "title" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Byline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RelatedStory" (
    "storyId" UUID NOT NULL,
    "relatedId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "RelatedStory_pkey" PRIMARY KEY ("storyId","relatedId")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" UUID NOT NULL,
    "storyId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" "RevisionKind" NOT NULL,
    "snapshot" JSONB NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoryUpdate" (
    "id" UUID NOT NULL,
    "storyId" UUID NOT NULL,
    "kind" "UpdateKind" NOT NULL DEFAULT 'UPDATE',
    "note" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "significant" BOOLEAN NOT NULL DEFAULT true,
    "revisionId" UUID,
    "authorId" UUID,
    "withdrawnAt" TIMESTAMPTZ(3),
    "withdrawnReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoryUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "data" JSONB,
    "ip" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SiteSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "siteName" TEXT NOT NULL DEFAULT 'The Metro Ledger',
    "timeZone" TEXT NOT NULL DEFAULT 'America/New_York',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SiteSettings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Section_slug_key" ON "Section"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Story_slug_key" ON "Story"("slug");

-- CreateIndex
CREATE INDEX "Story_status_firstPublishedAt_idx" ON "Story"("status", "firstPublishedAt" DESC);

-- CreateIndex
CREATE INDEX "Story_sectionId_status_firstPublishedAt_idx" ON "Story"("sectionId", "status", "firstPublishedAt" DESC);

-- CreateIndex
CREATE INDEX "Story_updatedAt_idx" ON "Story"("updatedAt" DESC);

-- CreateIndex
CREATE INDEX "Byline_userId_idx" ON "Byline"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Byline_storyId_position_key" ON "Byline"("storyId", "position");

-- CreateIndex
CREATE INDEX "RelatedStory_relatedId_idx" ON "RelatedStory"("relatedId");

-- CreateIndex
CREATE INDEX "Revision_storyId_createdAt_idx" ON "Revision"("storyId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "StoryUpdate_storyId_occurredAt_idx" ON "StoryUpdate"("storyId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "StoryUpdate_kind_occurredAt_idx" ON "StoryUpdate"("kind", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_createdAt_idx" ON "AuditEvent"("actorId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "Story" ADD CONSTRAINT "Story_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Story" ADD CONSTRAINT "Story_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Byline" ADD CONSTRAINT "Byline_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Byline" ADD CONSTRAINT "Byline_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelatedStory" ADD CONSTRAINT "RelatedStory_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelatedStory" ADD CONSTRAINT "RelatedStory_relatedId_fkey" FOREIGN KEY ("relatedId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryUpdate" ADD CONSTRAINT "StoryUpdate_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryUpdate" ADD CONSTRAINT "StoryUpdate_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryUpdate" ADD CONSTRAINT "StoryUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Rules the schema language cannot state.
-- A byline names a staff member or an outside contributor.
ALTER TABLE "Byline" ADD CONSTRAINT "Byline_person_check" CHECK ("userId" IS NOT NULL OR ("name" IS NOT NULL AND "name" <> ''));
-- Site settings are one row.
ALTER TABLE "SiteSettings" ADD CONSTRAINT "SiteSettings_single_row" CHECK ("id" = 1);
-- A story is related to other stories, never to itself.
ALTER TABLE "RelatedStory" ADD CONSTRAINT "RelatedStory_not_self" CHECK ("storyId" <> "relatedId");

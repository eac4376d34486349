-- The media library: photos (private originals), their renditions, and which stories use them.
CREATE TYPE "MediaStatus" AS ENUM ('PROCESSING', 'READY', 'FAILED');

CREATE TABLE "Media" (
    "id" UUID NOT NULL,
    "status" "MediaStatus" NOT NULL DEFAULT 'PROCESSING',
    "failure" TEXT NOT NULL DEFAULT '',
    "originalKey" TEXT NOT NULL,
    "originalName" TEXT NOT NULL DEFAULT '',
    "mimeType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "caption" TEXT NOT NULL DEFAULT '',
    "altText" TEXT NOT NULL DEFAULT '',
    "photographer" TEXT NOT NULL DEFAULT '',
    "photographerTitle" TEXT NOT NULL DEFAULT '',
    "creditLine" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT '',
    "copyrightNotice" TEXT NOT NULL DEFAULT '',
    "takenAt" TIMESTAMPTZ(3),
    "focalX" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "focalY" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "placeholder" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "uploadedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Media_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "MediaRendition" (
    "id" UUID NOT NULL,
    "mediaId" UUID NOT NULL,
    "shape" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "file" TEXT NOT NULL,

    CONSTRAINT "MediaRendition_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "StoryMedia" (
    "storyId" UUID NOT NULL,
    "mediaId" UUID NOT NULL,
    "lead" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "StoryMedia_pkey" PRIMARY KEY ("storyId","mediaId")
);

ALTER TABLE "Story" ADD COLUMN "leadMediaId" UUID,
ADD COLUMN "leadAlt" TEXT NOT NULL DEFAULT '',
ADD COLUMN "leadCaption" TEXT NOT NULL DEFAULT '',
ADD COLUMN "leadCredit" TEXT NOT NULL DEFAULT '',
ADD COLUMN "leadDecorative" BOOLEAN NOT NULL DEFAULT false;

CREATE UNIQUE INDEX "Media_originalKey_key" ON "Media"("originalKey");
CREATE INDEX "Media_createdAt_idx" ON "Media"("createdAt" DESC);
CREATE INDEX "Media_status_createdAt_idx" ON "Media"("status", "createdAt" DESC);
CREATE UNIQUE INDEX "MediaRendition_file_key" ON "MediaRendition"("file");
CREATE UNIQUE INDEX "MediaRendition_mediaId_shape_format_width_key" ON "MediaRendition"("mediaId", "shape", "format", "width");
CREATE INDEX "StoryMedia_mediaId_idx" ON "StoryMedia"("mediaId");

ALTER TABLE "Story" ADD CONSTRAINT "Story_leadMediaId_fkey" FOREIGN KEY ("leadMediaId") REFERENCES "Media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Media" ADD CONSTRAINT "Media_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "MediaRendition" ADD CONSTRAINT "MediaRendition_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "Media"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "StoryMedia" ADD CONSTRAINT "StoryMedia_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "StoryMedia" ADD CONSTRAINT "StoryMedia_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "Media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

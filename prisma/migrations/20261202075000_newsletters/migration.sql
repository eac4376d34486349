-- Newsletters and alerts: lists, subscribers, suppressions, issues and their deliveries.
CREATE TYPE "SubscriberStatus" AS ENUM ('PENDING', 'ACTIVE', 'BOUNCED');

CREATE TYPE "IssueKind" AS ENUM ('DIGEST', 'ALERT');

CREATE TYPE "IssueStatus" AS ENUM ('DRAFT', 'QUEUED', 'SENDING', 'PAUSED', 'SENT');

CREATE TYPE "DeliveryStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'BOUNCED');

ALTER TABLE "SiteSettings" ADD COLUMN     "countOpens" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mailingAddress" TEXT NOT NULL DEFAULT '';

CREATE TABLE "Newsletter" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "senderName" TEXT NOT NULL,
    "senderAddress" TEXT NOT NULL,
    "sendTime" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Newsletter_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Subscriber" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "status" "SubscriberStatus" NOT NULL DEFAULT 'PENDING',
    "confirmedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Subscriber_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Subscription" (
    "subscriberId" UUID NOT NULL,
    "newsletterId" UUID NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("subscriberId","newsletterId")
);

CREATE TABLE "Suppression" (
    "emailHash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("emailHash")
);

CREATE TABLE "NewsletterIssue" (
    "id" UUID NOT NULL,
    "newsletterId" UUID NOT NULL,
    "kind" "IssueKind" NOT NULL,
    "edition" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "intro" TEXT NOT NULL DEFAULT '',
    "items" JSONB NOT NULL,
    "storyId" UUID,
    "status" "IssueStatus" NOT NULL DEFAULT 'DRAFT',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "createdById" UUID,
    "queuedAt" TIMESTAMPTZ(3),
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NewsletterIssue_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Delivery" (
    "id" BIGSERIAL NOT NULL,
    "issueId" UUID NOT NULL,
    "subscriberId" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "openedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Newsletter_slug_key" ON "Newsletter"("slug");

CREATE UNIQUE INDEX "Subscriber_email_key" ON "Subscriber"("email");

CREATE INDEX "Subscriber_status_idx" ON "Subscriber"("status");

CREATE INDEX "Subscription_newsletterId_idx" ON "Subscription"("newsletterId");

CREATE INDEX "NewsletterIssue_status_idx" ON "NewsletterIssue"("status");

CREATE UNIQUE INDEX "NewsletterIssue_newsletterId_edition_key" ON "NewsletterIssue"("newsletterId", "edition");

CREATE INDEX "Delivery_issueId_status_nextAttemptAt_idx" ON "Delivery"("issueId", "status", "nextAttemptAt");

CREATE INDEX "Delivery_subscriberId_idx" ON "Delivery"("subscriberId");

CREATE UNIQUE INDEX "Delivery_issueId_subscriberId_key" ON "Delivery"("issueId", "subscriberId");

ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_newsletterId_fkey" FOREIGN KEY ("newsletterId") REFERENCES "Newsletter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "NewsletterIssue" ADD CONSTRAINT "NewsletterIssue_newsletterId_fkey" FOREIGN KEY ("newsletterId") REFERENCES "Newsletter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "NewsletterIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

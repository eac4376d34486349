-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "embargoUntil" TIMESTAMPTZ(3);

-- The story's version as the import left it: a rerun that finds the story at another version knows
-- the newsroom has edited it since, and keeps the newsroom's edit instead of writing over it.
ALTER TABLE "ImportedPost" ADD COLUMN "storyVersion" INTEGER;

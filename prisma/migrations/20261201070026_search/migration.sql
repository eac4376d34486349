-- Full-text search over stories (lib/search). Each story keeps a weighted tsvector: headline (A), dek
-- and byline names (B), body text (C). Triggers keep it, and the byline names it is built from, in
-- step with every write, whichever code path makes it (the editor, a restore, the seed, a rename of a
-- staff member, hand-written SQL). The text search configuration is english throughout; it must
-- match SEARCH_CONFIG in lib/search/query.ts.

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "bylineText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchVector" tsvector;

-- The words of a ProseMirror-style body: every text node in document order, then pull-quote
-- attributions and embed captions (lib/stories/body.ts, bodyPlainText, reads the same parts).
-- Immutable, so that snippets (ts_headline) and the stored vector read exactly the same text.
CREATE FUNCTION "story_search_body_text"(body jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(part #>> '{}', ' ' ORDER BY n)
       FROM jsonb_path_query(body, 'strict $.** ? (@.type == "text").text') WITH ORDINALITY AS t(part, n)),
    (SELECT string_agg(part #>> '{}', ' ' ORDER BY n)
       FROM jsonb_path_query(body, 'strict $.** ? (@.type == "pullQuote").attrs ? (exists(@.attribution)).attribution') WITH ORDINALITY AS t(part, n)),
    (SELECT string_agg(part #>> '{}', ' ' ORDER BY n)
       FROM jsonb_path_query(body, 'strict $.** ? (@.type == "embed").attrs ? (exists(@.caption)).caption') WITH ORDINALITY AS t(part, n))
  )
$$;

-- The names in the byline of a story, in order: the current name of a staff member, or the outside name.
CREATE FUNCTION "story_byline_text"(story_id uuid) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(coalesce(u."name", b."name", ''), ' ' ORDER BY b."position"), '')
  FROM "Byline" b LEFT JOIN "User" u ON u."id" = b."userId"
  WHERE b."storyId" = story_id
$$;

CREATE FUNCTION "story_search_vector_update"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" :=
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."headline", '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."dek", '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."bylineText", '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, "story_search_body_text"(NEW."body")), 'C');
  RETURN NEW;
END
$$;

CREATE TRIGGER "Story_searchVector_update"
BEFORE INSERT OR UPDATE OF "headline", "dek", "body", "bylineText" ON "Story"
FOR EACH ROW EXECUTE FUNCTION "story_search_vector_update"();

-- Bylines are replaced wholesale on every save (delete, then insert): statement-level triggers with
-- transition tables refresh each affected story once per statement, and skip stories whose names did
-- not change. The story row is already locked by the save that changes its bylines.
CREATE FUNCTION "byline_refresh_story_text"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "Story" s SET "bylineText" = "story_byline_text"(s."id")
    WHERE s."id" IN (SELECT "storyId" FROM new_rows) AND s."bylineText" IS DISTINCT FROM "story_byline_text"(s."id");
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "Story" s SET "bylineText" = "story_byline_text"(s."id")
    WHERE s."id" IN (SELECT "storyId" FROM old_rows) AND s."bylineText" IS DISTINCT FROM "story_byline_text"(s."id");
  ELSE
    UPDATE "Story" s SET "bylineText" = "story_byline_text"(s."id")
    WHERE s."id" IN (SELECT "storyId" FROM old_rows UNION SELECT "storyId" FROM new_rows)
      AND s."bylineText" IS DISTINCT FROM "story_byline_text"(s."id");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Byline_refresh_story_text_insert" AFTER INSERT ON "Byline"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "byline_refresh_story_text"();
CREATE TRIGGER "Byline_refresh_story_text_delete" AFTER DELETE ON "Byline"
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "byline_refresh_story_text"();
CREATE TRIGGER "Byline_refresh_story_text_update" AFTER UPDATE ON "Byline"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "byline_refresh_story_text"();

-- Renaming a staff member reaches the search text of every story they wrote.
CREATE FUNCTION "user_refresh_story_bylines"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Story" s SET "bylineText" = "story_byline_text"(s."id")
  WHERE s."id" IN (SELECT "storyId" FROM "Byline" WHERE "userId" = NEW."id");
  RETURN NULL;
END
$$;

CREATE TRIGGER "User_refresh_story_bylines" AFTER UPDATE OF "name" ON "User"
FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "user_refresh_story_bylines"();

-- Existing stories: setting the byline text fires the vector trigger too.
UPDATE "Story" SET "bylineText" = "story_byline_text"("id");

-- CreateIndex
CREATE INDEX "Story_searchVector_idx" ON "Story" USING GIN ("searchVector");

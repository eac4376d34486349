-- A compact vector for ranking search results (lib/search/search.ts). The full search vector holds
-- every word of the body (several kilobytes, kept out of line and compressed), and ts_rank_cd read
-- it again for each of up to 500 candidates of every search. Ranking reads this one instead: the
-- headline (A), the dek and bylines (B) and the opening of the body (C), small enough to stay in the
-- row. Matching still uses the full vector and its GIN index.

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "searchRankVector" tsvector;

-- The opening of the body that counts for ranking: about the first paragraph of a story.
CREATE FUNCTION "story_search_rank_vector"(head tsvector, body_text text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT head || setweight(to_tsvector('english'::regconfig, left(body_text, 400)), 'C')
$$;

CREATE OR REPLACE FUNCTION "story_search_vector_update"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  head tsvector := setweight(to_tsvector('english'::regconfig, coalesce(NEW."headline", '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."dek", '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."bylineText", '')), 'B');
  body_text text := "story_search_body_text"(NEW."body");
BEGIN
  NEW."searchVector" := head || setweight(to_tsvector('english'::regconfig, body_text), 'C');
  NEW."searchRankVector" := "story_search_rank_vector"(head, body_text);
  RETURN NEW;
END
$$;

-- Existing stories (the trigger fires only when the text changes).
UPDATE "Story" SET "searchRankVector" = "story_search_rank_vector"(
  setweight(to_tsvector('english'::regconfig, coalesce("headline", '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce("dek", '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce("bylineText", '')), 'B'),
  "story_search_body_text"("body"));

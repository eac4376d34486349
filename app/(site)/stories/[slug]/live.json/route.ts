import { getPublishedStory } from "@/lib/stories/public";
import { getSiteSettings } from "@/lib/settings/site";
import { liveEntries } from "@/lib/updates/live-entries";
import { handleErrors } from "@/lib/http/json-route";

// The running list of a live story, polled by its open pages (public/live-updates.js).
// Built per request from the story page's own cached read, so it needs no invalidation of its own:
// adding, editing or withdrawing an entry, and starting or ending live coverage, expire the story's
// tag. Shared caches may hold it for 5 s, a third of the readers' 15 s polling interval.
export const dynamic = "force-dynamic";

const CACHE_CONTROL = "public, max-age=0, s-maxage=5";

export const GET = handleErrors("live.json", async (_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> => {
  const { slug } = await params;
  const [story, { timeZone }] = await Promise.all([getPublishedStory(slug), getSiteSettings()]);
  // One answer for "not published" and "not live": an open page stops polling either way.
  if (!story?.live) return Response.json({ live: false }, { status: 404, headers: { "Cache-Control": CACHE_CONTROL } });
  return Response.json({ live: true, entries: liveEntries(story, timeZone) }, { headers: { "Cache-Control": CACHE_CONTROL } });
});

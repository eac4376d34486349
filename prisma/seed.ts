// Demo content and accounts for a new install: three people (admin, editor, reporter), sections, and
// a breaking story in the full shape the public page is built for (two bylines with titles, a credit
// line, seven update notes across one day, three related stories). All text is original to this project.
// Runs once: a database that already has users is left alone.
import { randomBytes } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { uniqueUserSlug } from "@/lib/users/slug";
import { slugify } from "@/lib/slugs";
import { textToBody } from "@/lib/body/story-body";
import { storySnapshot } from "@/lib/stories/snapshot";
import { recordPublishedVersion } from "@/lib/history/record";
import { localDateDaysAgo, zonedTimeToUtc } from "@/lib/time/zoned";
import type { Role } from "@/lib/generated/prisma/enums";

export type DemoAccount = { role: Role; email: string; password: string; name: string };

export type SeedOptions = {
  passwords?: Partial<Record<Role, string>>;
  /** Library photos (already processed) by section slug: each story leads with its section's, and the breaking story shows another in its body. */
  photos?: Partial<Record<string, string>>;
  timeZone?: string;
  siteName?: string;
  now?: Date;
};

const PEOPLE: { role: Role; email: string; name: string; title: string; bio: string }[] = [
  { role: "ADMIN", email: "admin@newsroom.test", name: "Morgan Reyes", title: "managing editor", bio: "Morgan Reyes runs the newsroom's daily report." },
  { role: "EDITOR", email: "editor@newsroom.test", name: "Priya Natarajan", title: "metro editor", bio: "Priya Natarajan edits local news." },
  { role: "REPORTER", email: "reporter@newsroom.test", name: "Sam Okafor", title: "staff writer", bio: "Sam Okafor covers the waterfront and city hall." },
];

const SECTIONS = [
  { slug: "metro", name: "Metro" },
  { slug: "politics", name: "Politics" },
  { slug: "business", name: "Business" },
  { slug: "weather", name: "Weather" },
];

const BREAKING_BODY = `High water from the Alder River spilled over the downtown seawall before dawn Tuesday, flooding three blocks of Harbor Street and forcing the evacuation of about 400 residents as the river crested at a level not seen in more than half a century.

City crews closed the Fourth Street bridge at 4:30 a.m. after water reached its deck, and the Port Alder Transit Authority suspended light-rail service between Union Station and the convention center.

> "We watched it come over the wall in about ten minutes," said Teresa Vu, who has run a bakery on Harbor Street for 22 years. "By the time I got the van loaded, it was at the door."

The National Weather Service said the river reached 31.4 feet at the Water Street gauge at 6 a.m., just under the record of 31.9 feet set in 1974. Forecasters expected it to fall slowly through Wednesday as the storm that stalled over the upper valley moved east.

## Shelters open

The Red Cross opened two shelters, at Lincoln High School and the Eastside Community Center, and said about 120 people spent the night there.

> "Our first job is to make sure nobody is still in those buildings," Fire Chief Daniel Okonkwo told reporters at a briefing. "Stay out of the water. It is colder and faster than it looks."
>
> "We will get to the cleanup. Not yet."

Mayor Ruth Calloway declared a local emergency, which allows the city to request state assistance, and said inspectors would begin checking buildings once the water drops below the seawall.

Utility officials said about 6,800 customers were without power, most of them in the waterfront district, where crews cut service as a precaution.`;

const RELATED = [
  {
    slug: "seawall-repairs-delayed-by-funding-dispute",
    headline: "Seawall repairs delayed by funding dispute",
    dek: "Engineers warned last year that the downtown wall needed work before the next major flood.",
    section: "politics",
    daysAgo: 9,
    body: `Repairs to the downtown seawall have been postponed for a second year as the city and the port argue over who should pay for them.

An engineering review completed last spring found that two sections of the wall near Harbor Street had settled and could be overtopped in a flood of the kind the city sees every few decades.

> "The wall is not failing," said Imani Brooks, the city's chief engineer. "But it is lower than it was built to be, and the river does not care about our budget calendar."

The City Council is expected to take up the dispute again next month.`,
  },
  {
    slug: "how-to-prepare-for-river-flooding",
    headline: "How to prepare for river flooding",
    dek: "What to pack, where to go and whom to call when the Alder rises.",
    section: "weather",
    daysAgo: 2,
    body: `Emergency managers say the time to plan for a flood is before the river starts rising.

Keep a bag packed with medicine, documents, phone chargers and a change of clothes, and know two ways out of your neighborhood.

Sign up for the county's emergency alerts, and never drive through standing water: a foot of moving water can float a car.`,
  },
  {
    slug: "harbor-street-businesses-count-the-cost",
    headline: "Harbor Street businesses count the cost of a wet spring",
    dek: "Owners say repeated high water has kept customers away for weeks.",
    section: "business",
    daysAgo: 5,
    body: `For the shops along Harbor Street, this spring's high water has been less a single disaster than a long string of lost days.

> "Every time the river comes up, people stay home," said Luis Ortega, who owns a hardware store near the Fourth Street bridge. "Even if it never reaches us."

The Waterfront Business Association says foot traffic is down by about a third since March.`,
  },
];

const UPDATES: { time: [number, number]; note: string }[] = [
  { time: [6, 15], note: "This article has been updated with the river's crest at the Water Street gauge." },
  { time: [7, 40], note: "This article has been updated with the closure of light-rail service downtown." },
  { time: [9, 5], note: "This article has been updated with comments from Fire Chief Daniel Okonkwo." },
  { time: [11, 50], note: "This article has been updated with the number of people in Red Cross shelters." },
  { time: [13, 0], note: "This article has been updated with Mayor Ruth Calloway's emergency declaration." },
  { time: [15, 20], note: "This article has been updated with the number of customers without power." },
  { time: [17, 5], note: "This article has been updated throughout with additional reporting, quotes, background." },
];

/**
 * An archive story, printed on Dec. 13, 2016 and put online years later: its original publication time
 * was set back to that morning (lib/stories/original-publication.ts), so that its update log runs
 * through that day, as the page this project is measured against does.
 */
const ARCHIVE = {
  slug: "ice-storm-leaves-90000-without-power-across-the-valley",
  headline: "Ice storm leaves 90,000 without power across the valley",
  dek: "Freezing rain brought down lines from Port Alder to the upper valley overnight; crews expected outages to last into the weekend.",
  body: `Freezing rain that fell through the night coated trees and power lines across the Alder Valley, leaving about 90,000 homes and businesses without electricity by dawn Tuesday.

> "Every branch you hear crack is another line down," said Marcus Bell, a lineman with Valley Power and Light, as his crew worked along River Road before sunrise.

Schools in four districts closed for the day, and the state transportation department shut a stretch of Route 9 north of the city after a tractor-trailer slid across both lanes.`,
  updates: [
    { time: [5, 5], note: "This article has been updated with the number of customers without power." },
    { time: [7, 30], note: "This article has been updated with school closings." },
    { time: [11, 15], note: "This article has been updated with comments from Valley Power and Light's president." },
    { time: [14, 40], note: "This article has been updated with the reopening of Route 9." },
    { time: [17, 5], note: "This article has been updated throughout with additional reporting, quotes, background." },
  ] as { time: [number, number]; note: string }[],
};

/** More of an ordinary news day, so that the front page and the section pages have something to show. */
const MORE: {
  slug: string;
  headline: string;
  dek: string;
  section: string;
  daysAgo: number;
  hour: number;
  byEditor?: boolean;
  tags: string[];
  body: string;
}[] = [
  {
    slug: "light-rail-service-resumes-downtown",
    headline: "Light-rail service resumes downtown after two-day shutdown",
    dek: "Trains are running between Union Station and the convention center again, on a reduced schedule.",
    section: "metro",
    daysAgo: 2,
    hour: 8,
    tags: ["Transit", "Flooding"],
    body: `Trains returned to the downtown light-rail line early Thursday after crews cleared debris from the tracks near the Fourth Street bridge.\n\nThe transit authority said trains would run every 15 minutes instead of every 8 until signal repairs are finished next week.`,
  },
  {
    slug: "library-branch-to-open-sundays",
    headline: "Eastside library branch will open on Sundays starting in January",
    dek: "The change follows a petition signed by more than 2,000 residents.",
    section: "metro",
    daysAgo: 3,
    hour: 14,
    tags: [],
    body: `The Eastside branch of the public library will open from noon to 5 p.m. on Sundays beginning in January, the library board decided Monday.\n\n> "People asked, and we listened," said the board's chair, Helen Park.`,
  },
  {
    slug: "council-approves-bike-lanes-on-harbor-street",
    headline: "Council approves protected bike lanes on Harbor Street",
    dek: "The 7-2 vote ends a year of debate over parking on the waterfront.",
    section: "politics",
    daysAgo: 4,
    hour: 19,
    byEditor: true,
    tags: ["City Council", "Harbor Street", "Transit"],
    body: `The City Council voted 7-2 on Tuesday to build protected bike lanes along the length of Harbor Street, removing about 60 parking spaces.\n\nConstruction is expected to begin in the spring.`,
  },
  {
    slug: "mayor-proposes-flood-resilience-fund",
    headline: "Mayor proposes a $40 million flood resilience fund",
    dek: "The plan would pay for seawall repairs and buyouts of the most flood-prone homes.",
    section: "politics",
    daysAgo: 6,
    hour: 11,
    tags: ["Flooding", "City Council"],
    body: `Mayor Ruth Calloway asked the City Council on Friday to create a $40 million fund for flood protection, paid for with a bond measure that would go to voters in November.\n\nCouncil members said they would hold hearings on the plan next month.`,
  },
  {
    slug: "port-alder-shipping-volume-rises",
    headline: "Shipping through the Port of Alder rises for a third straight quarter",
    dek: "Container traffic is up 8 percent from a year ago, led by auto parts and farm goods.",
    section: "business",
    daysAgo: 3,
    hour: 9,
    tags: [],
    body: `Container traffic through the Port of Alder rose 8 percent in the third quarter from a year earlier, the port said Wednesday.\n\nPort officials credited new rail connections to the Midwest.`,
  },
  {
    slug: "harbor-street-bakery-reopens",
    headline: "A Harbor Street bakery reopens a week after the flood",
    dek: "Teresa Vu's shop lost two ovens and a walk-in cooler; neighbors helped her clean up.",
    section: "business",
    daysAgo: 7,
    hour: 7,
    tags: ["Harbor Street", "Flooding"],
    body: `The line outside Vu's Bakery stretched down the block on Saturday morning, a week after floodwater reached its front door.\n\n> "I did not know we had this many friends," Teresa Vu said.`,
  },
  {
    slug: "first-frost-expected-this-weekend",
    headline: "First frost of the season expected this weekend",
    dek: "Overnight lows could reach 30 degrees in the upper valley.",
    section: "weather",
    daysAgo: 2,
    hour: 16,
    tags: [],
    body: `Forecasters expect the season's first frost in the upper valley on Saturday night, with lows near 30 degrees.\n\nGardeners should cover tender plants or bring them indoors.`,
  },
  {
    slug: "river-forecast-what-the-gauges-say",
    headline: "What the river gauges say about the rest of the month",
    dek: "The Alder should stay below flood stage unless another storm stalls over the valley.",
    section: "weather",
    daysAgo: 8,
    hour: 13,
    tags: ["Flooding"],
    body: `The National Weather Service expects the Alder River to keep falling through the end of the month.\n\nA storm that stalls over the upper valley, as one did this spring, could change that quickly.`,
  },
];

const randomPassword = () => randomBytes(12).toString("base64url");

async function createPublishedStory(
  tx: Tx,
  story: {
    slug: string;
    headline: string;
    dek: string;
    body: string;
    sectionId: string;
    creditLine?: string;
    firstPublishedAt: Date;
    lastUpdatedAt?: Date;
    leadMediaId?: string;
    inlineMediaId?: string;
  },
  bylines: { userId?: string; name?: string; title?: string }[],
  createdById: string,
  tagIds: string[] = [],
) {
  const body = textToBody(story.body);
  // An inline photo goes after the body's first paragraph.
  if (story.inlineMediaId) body.content.splice(1, 0, { type: "image", attrs: { mediaId: story.inlineMediaId } });
  const used = [...new Set([story.leadMediaId, story.inlineMediaId].filter((id): id is string => Boolean(id)))];
  const created = await tx.story.create({
    data: {
      slug: story.slug,
      headline: story.headline,
      dek: story.dek,
      body,
      leadMediaId: story.leadMediaId ?? null,
      media: { create: used.map((mediaId) => ({ mediaId, lead: mediaId === story.leadMediaId })) },
      creditLine: story.creditLine ?? "",
      sectionId: story.sectionId,
      status: "PUBLISHED",
      firstPublishedAt: story.firstPublishedAt,
      lastUpdatedAt: story.lastUpdatedAt ?? story.firstPublishedAt,
      createdById,
      createdAt: story.firstPublishedAt,
      bylines: { create: bylines.map((b, position) => ({ position, userId: b.userId ?? null, name: b.userId ? null : b.name, title: b.title ?? "" })) },
      tags: { create: tagIds.map((tagId, position) => ({ tagId, position })) },
    },
    select: { id: true },
  });
  const revision = await tx.revision.create({
    data: {
      storyId: created.id,
      version: 1,
      kind: "PUBLISH",
      authorId: createdById,
      snapshot: await storySnapshot(tx, created.id),
      createdAt: story.firstPublishedAt,
    },
    select: { id: true },
  });
  return { id: created.id, revisionId: revision.id };
}

/** Seeds an empty database. Returns the demo accounts created, or null when it already had users. */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<DemoAccount[] | null> {
  if ((await db.user.count()) > 0) return null;
  const timeZone = options.timeZone ?? "America/New_York";
  const now = options.now ?? new Date();
  const accounts = PEOPLE.map((p) => ({ ...p, password: options.passwords?.[p.role] || randomPassword() }));
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));

  await db.$transaction(
    async (tx) => {
      await tx.siteSettings.upsert({
        where: { id: 1 },
        create: { id: 1, timeZone, siteName: options.siteName ?? "The Metro Ledger" },
        update: {},
      });
      const users: Record<Role, string> = { ADMIN: "", EDITOR: "", REPORTER: "" };
      for (const [i, person] of accounts.entries()) {
        const { id } = await tx.user.create({
          data: {
            email: person.email,
            name: person.name,
            slug: await uniqueUserSlug(tx, person.name),
            title: person.title,
            bio: person.bio,
            role: person.role,
            passwordHash: hashes[i],
          },
          select: { id: true },
        });
        users[person.role] = id;
      }
      const sections: Record<string, string> = {};
      for (const [position, section] of SECTIONS.entries()) {
        sections[section.slug] = (await tx.section.create({ data: { ...section, position }, select: { id: true } })).id;
      }

      const at = (daysAgo: number, hour: number, minute: number) => zonedTimeToUtc({ ...localDateDaysAgo(now, daysAgo, timeZone), hour, minute }, timeZone);

      const relatedIds: string[] = [];
      for (const related of RELATED) {
        const { id } = await createPublishedStory(
          tx,
          { ...related, sectionId: sections[related.section], firstPublishedAt: at(related.daysAgo, 10, 30), leadMediaId: options.photos?.[related.section] },
          [{ userId: users.REPORTER }],
          users.REPORTER,
        );
        relatedIds.push(id);
      }

      const tagIds = new Map<string, string>();
      const tagId = async (name: string) => {
        if (!tagIds.has(name)) {
          tagIds.set(name, (await tx.tag.create({ data: { name, slug: slugify(name) }, select: { id: true } })).id);
        }
        return tagIds.get(name)!;
      };
      const tagsNamed = async (names: string[]) => {
        const ids: string[] = [];
        for (const name of names) ids.push(await tagId(name));
        return ids;
      };

      // The breaking story: first published at 4:50 a.m. yesterday (newsroom time), updated through the day.
      const updates = UPDATES.map((u) => ({ ...u, at: at(1, u.time[0], u.time[1]) }));
      const breaking = await createPublishedStory(
        tx,
        {
          slug: "alder-river-floods-downtown-as-it-crests-near-record",
          headline: "Alder River floods downtown as it crests near record",
          dek: "About 400 residents were evacuated from Harbor Street after high water spilled over the seawall before dawn.",
          body: BREAKING_BODY,
          sectionId: sections.metro,
          creditLine: "The Associated Press contributed to this report.",
          firstPublishedAt: at(1, 4, 50),
          lastUpdatedAt: updates.at(-1)!.at,
          leadMediaId: options.photos?.metro,
          inlineMediaId: options.photos?.weather,
        },
        [
          { userId: users.REPORTER, title: "staff writer" },
          { name: "Lena Marsh", title: "special correspondent" },
        ],
        users.REPORTER,
        await tagsNamed(["Flooding", "Harbor Street"]),
      );
      await tx.relatedStory.createMany({ data: relatedIds.map((relatedId, position) => ({ storyId: breaking.id, relatedId, position })) });
      await tx.storyUpdate.createMany({
        data: updates.map((u) => ({
          storyId: breaking.id,
          kind: "UPDATE" as const,
          note: u.note,
          occurredAt: u.at,
          significant: true,
          authorId: users.EDITOR,
          revisionId: breaking.revisionId,
          createdAt: u.at,
        })),
      });

      const more: { id: string; publishedAt: Date }[] = [];
      for (const story of MORE) {
        const publishedAt = at(story.daysAgo, story.hour, 0);
        const { id } = await createPublishedStory(
          tx,
          { ...story, sectionId: sections[story.section], firstPublishedAt: publishedAt, leadMediaId: options.photos?.[story.section] },
          [{ userId: story.byEditor ? users.EDITOR : users.REPORTER }],
          story.byEditor ? users.EDITOR : users.REPORTER,
          await tagsNamed(story.tags),
        );
        more.push({ id, publishedAt });
      }

      // The published stories start their public, hash-chained history at first publication.
      for (const story of more) await recordPublishedVersion(tx, story.id, { publishedAt: story.publishedAt });
      for (const [i, id] of relatedIds.entries()) await recordPublishedVersion(tx, id, { publishedAt: at(RELATED[i].daysAgo, 10, 30) });
      await recordPublishedVersion(tx, breaking.id, { publishedAt: at(1, 4, 50) });

      // The archive story: originally published at 4:50 a.m. on Dec. 13, 2016, first online now.
      const dec13 = (hour: number, minute: number) => zonedTimeToUtc({ year: 2016, month: 12, day: 13, hour, minute }, timeZone);
      const archive = await createPublishedStory(
        tx,
        { ...ARCHIVE, sectionId: sections.weather, firstPublishedAt: dec13(4, 50), lastUpdatedAt: dec13(17, 5), leadMediaId: options.photos?.weather },
        [{ userId: users.REPORTER, title: "staff writer" }],
        users.REPORTER,
        await tagsNamed(["Weather"]),
      );
      await tx.storyUpdate.createMany({
        data: ARCHIVE.updates.map((u) => ({
          storyId: archive.id,
          kind: "UPDATE" as const,
          note: u.note,
          occurredAt: dec13(u.time[0], u.time[1]),
          significant: true,
          authorId: users.EDITOR,
          revisionId: archive.revisionId,
          createdAt: dec13(u.time[0], u.time[1]),
        })),
      });
      await recordPublishedVersion(tx, archive.id, { publishedAt: now });
      await tx.publishedVersion.updateMany({ where: { storyId: archive.id, sequence: 1 }, data: { originallyPublishedAt: dec13(4, 50) } });

      // A draft, to show that drafts stay in the newsroom.
      const draft = await tx.story.create({
        data: {
          slug: "council-weighs-emergency-flood-spending",
          headline: "Council weighs emergency flood spending",
          dek: "A draft: readers never see this until an editor publishes it.",
          body: textToBody("The City Council will meet Thursday to consider emergency spending for flood cleanup."),
          sectionId: sections.politics,
          createdById: users.REPORTER,
          bylines: { create: [{ position: 0, userId: users.REPORTER }] },
        },
        select: { id: true },
      });
      await tx.revision.create({
        data: { storyId: draft.id, version: 1, kind: "CREATE", authorId: users.REPORTER, snapshot: await storySnapshot(tx, draft.id) },
      });
      await recordAudit(tx, { actorId: null, action: "system.seed", entityType: "site", data: { stories: RELATED.length + MORE.length + 3 } });
    },
    { timeout: 30_000 },
  );
  return accounts.map(({ role, email, password, name }) => ({ role, email, password, name }));
}

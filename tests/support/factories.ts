// Rows and actors for tests, created through the same Prisma client the app uses.
import { randomBytes, randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { uniqueUserSlug } from "@/lib/users/slug";
import type { Actor } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { storyInputSchema, type StoryInput } from "@/lib/stories/schemas";

const unique = () => randomBytes(4).toString("hex");

export async function createUser(role: Role, overrides: { password?: string; active?: boolean; name?: string } = {}) {
  const password = overrides.password ?? `pw-${unique()}-${unique()}`;
  const name = overrides.name ?? `${role[0]}${role.slice(1).toLowerCase()} ${unique()}`;
  const user = await db().user.create({
    data: {
      email: `${role.toLowerCase()}-${unique()}@newsroom.test`,
      name,
      slug: await uniqueUserSlug(db(), name),
      role,
      active: overrides.active ?? true,
      passwordHash: await hashPassword(password),
    },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true },
  });
  const actor: Actor = { id: user.id, email: user.email, name: user.name, role: user.role, kind: "user" };
  return { user, actor, password };
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;

export async function createSection(name = `Section ${unique()}`) {
  return db().section.create({ data: { name, slug: `section-${unique()}` }, select: { id: true, slug: true, name: true } });
}

/** Story form input, parsed the way the server action parses it. */
export function storyValues(overrides: Partial<StoryInput> = {}) {
  const input: StoryInput = {
    headline: `Headline ${unique()}`,
    slug: "",
    dek: "A dek.",
    body: "First paragraph.\n\n> A quotation.\n\nLast paragraph.",
    sectionId: "",
    creditLine: "",
    bylines: [{ userId: "", name: "Outside Writer", title: "special correspondent" }],
    relatedIds: [],
    ...overrides,
  };
  return storyInputSchema.parse(input);
}

/** What most story tests start from: a reporter, an editor and a section to publish in. */
export async function reporterEditorAndSection(): Promise<{ reporter: TestUser; editor: TestUser; sectionId: string }> {
  const [reporter, editor, section] = await Promise.all([createUser("REPORTER"), createUser("EDITOR"), createSection()]);
  return { reporter, editor, sectionId: section.id };
}

/** Widths the rendition job makes of each shape, as far as a 2400-pixel photo allows. */
const PHOTO_WIDTHS = [320, 640, 1200, 2400];
const PHOTO_RATIOS: Record<string, number> = { full: 3 / 2, "16x9": 16 / 9, "4x3": 4 / 3, "1x1": 1, "1.91x1": 1.91 };

/**
 * A photo in the library as the rendition job leaves it (READY, with a row per rendition file), for
 * tests of what pages and feeds draw; the files themselves are not needed to render HTML.
 */
export async function createReadyPhoto(
  overrides: {
    altText?: string;
    caption?: string;
    creditLine?: string;
    photographer?: string;
    copyrightNotice?: string;
    status?: "READY" | "PROCESSING" | "FAILED";
  } = {},
) {
  const id = randomUUID();
  const renditions = Object.entries(PHOTO_RATIOS).flatMap(([shape, ratio]) =>
    (shape === "1.91x1" ? [1200] : PHOTO_WIDTHS).flatMap((width) =>
      ["avif", "webp", "jpeg"].map((format) => ({
        shape,
        format,
        width,
        height: shape === "1.91x1" ? 630 : Math.round(width / ratio),
        byteSize: width * 40,
        file: `${randomBytes(16).toString("hex")}.${format === "jpeg" ? "jpg" : format}`,
      })),
    ),
  );
  return db().media.create({
    data: {
      id,
      status: overrides.status ?? "READY",
      originalKey: `originals/${id}`,
      originalName: "harbour.jpg",
      mimeType: "image/jpeg",
      byteSize: 4_000_000,
      width: 2400,
      height: 1600,
      altText: overrides.altText ?? "Boats moored in the harbour at dawn",
      caption: overrides.caption ?? "The harbour at first light.",
      creditLine: overrides.creditLine ?? "Newsroom demo",
      photographer: overrides.photographer ?? "Ana Reyes",
      copyrightNotice: overrides.copyrightNotice ?? "© 2026 Newsroom",
      placeholder: "1QcSHQRnh493V4dIh4eXh1h4kJUI",
      renditions: overrides.status && overrides.status !== "READY" ? undefined : { create: renditions },
    },
    select: { id: true },
  });
}

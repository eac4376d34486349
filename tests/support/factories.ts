// Rows and actors for tests, created through the same Prisma client the app uses.
import { randomBytes } from "node:crypto";
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

import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { uniqueUserSlug } from "@/lib/users/slug";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/permissions";
import { InvalidError } from "@/lib/errors";
import { withoutUnstorable } from "@/lib/text/storable";
import type { WxrAuthor } from "@/lib/import/wxr/read";

// WordPress authors, mapped by their login: to a person already in the newsroom (by email), to a new
// person (inactive, with no password: they cannot sign in until an admin invites them), or to an
// outside byline with their display name (the default, which creates no account at all).

export type AuthorChoice = { login: string } & ({ kind: "outside" } | { kind: "new" } | { kind: "existing"; email: string });

/** "login=email@example.org", "login=new" or "login=outside", as the command line and the screen take them. */
export function parseAuthorChoice(value: string): AuthorChoice | null {
  const match = /^([^=]+)=(.+)$/.exec(value.trim());
  if (!match) return null;
  const login = match[1].trim();
  const target = match[2].trim();
  if (target === "new" || target === "outside") return { login, kind: target };
  if (z.email().safeParse(target).success) return { login, kind: "existing", email: target.toLowerCase() };
  return null;
}

export const AUTHOR_CHOICE_HELP = 'Write each author as login=email@existing.person, login=new or login=outside, like "jdoe=jane@newsroom.org".';

/** What a byline made from a WordPress login is: a staff member's id, or an outside name. */
export type BylineSource = { userId: string; name: null } | { userId: null; name: string };

/**
 * Resolves every author of the export to a byline source. People chosen as "existing" must exist
 * (checked before anything is written); "new" people are created when `write` is given a transaction.
 */
export async function resolveAuthors(
  client: Db | Tx,
  actor: Actor,
  authors: WxrAuthor[],
  choices: AuthorChoice[],
  write: boolean,
): Promise<{ bylines: Map<string, BylineSource>; created: string[] }> {
  const byLogin = new Map(choices.map((choice) => [choice.login, choice]));
  const bylines = new Map<string, BylineSource>();
  const created: string[] = [];
  const unknownLogins = choices.filter((choice) => !authors.some((author) => author.login === choice.login)).map((choice) => choice.login);
  if (unknownLogins.length) throw new InvalidError(`The export has no author with the login ${unknownLogins.map((l) => `"${l}"`).join(", ")}.`);
  for (const author of authors) {
    const name =
      withoutUnstorable(author.displayName || author.login)
        .trim()
        .slice(0, 200) || author.login;
    const choice = byLogin.get(author.login) ?? { login: author.login, kind: "outside" };
    if (choice.kind === "outside") {
      bylines.set(author.login, { userId: null, name });
    } else if (choice.kind === "existing") {
      const user = await client.user.findUnique({ where: { email: choice.email }, select: { id: true } });
      if (!user) throw new InvalidError(`No one in the newsroom has the address ${choice.email} (chosen for the author "${author.login}").`);
      bylines.set(author.login, { userId: user.id, name: null });
    } else {
      const email = (z.email().safeParse(author.email).success ? author.email : `${author.login}@imported.invalid`).toLowerCase();
      const existing = await client.user.findUnique({ where: { email }, select: { id: true } });
      if (existing) {
        bylines.set(author.login, { userId: existing.id, name: null });
      } else if (write) {
        // No password and inactive: nobody can sign in as this person until an admin invites them.
        const user = await client.user.create({
          data: { email, name, slug: await uniqueUserSlug(client, name), role: "REPORTER", active: false, passwordHash: "" },
          select: { id: true },
        });
        await recordAudit(client, { actor, action: "user.import", entityType: "user", entityId: user.id, data: { email, login: author.login } });
        bylines.set(author.login, { userId: user.id, name: null });
        created.push(email);
      } else {
        // A dry run: the person would be created; bylines show the name meanwhile.
        bylines.set(author.login, { userId: null, name });
        created.push(email);
      }
    }
  }
  return { bylines, created };
}

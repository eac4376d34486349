import type { Role } from "@/lib/generated/prisma/enums";

// Roles are data: what each role may do, in one table. Checks name a permission, never a role.
export const PERMISSIONS = {
  "story.read": "Open any story in the newsroom, drafts included, and see who else has it open",
  "story.create": "Create stories",
  "story.edit.own": "Edit your own stories until they are published",
  "story.edit.any": "Edit any story, including published ones",
  "story.submit": "Submit a story for review",
  "story.publish": "Publish, schedule and unpublish stories",
  "story.delete": "Delete stories that were never published",
  "story.update.add": "Add updates and corrections to published stories",
  "section.manage": "Manage sections and tags",
  "user.manage": "Manage people and their roles",
  "settings.manage": "Change site settings",
  "audit.view": "Read the audit log",
  "media.upload": "Upload photos to the media library, edit the metadata of your own and use any photo in stories",
  "media.manage": "Edit the metadata of anyone's photos and delete photos no story uses",
  "history.takedown": "Take a published version out of a story's public history (a legal takedown)",
} as const;

export type Permission = keyof typeof PERMISSIONS;

const REPORTER: Permission[] = ["story.read", "story.create", "story.edit.own", "story.submit", "media.upload"];
const EDITOR: Permission[] = [...REPORTER, "story.edit.any", "story.publish", "story.delete", "story.update.add", "section.manage", "media.manage"];
const ADMIN: Permission[] = [...EDITOR, "user.manage", "settings.manage", "audit.view", "history.takedown"];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  REPORTER: new Set(REPORTER),
  EDITOR: new Set(EDITOR),
  ADMIN: new Set(ADMIN),
};

export const ROLE_LABELS: Record<Role, string> = { ADMIN: "Admin", EDITOR: "Editor", REPORTER: "Reporter" };

/**
 * Who is acting: a signed-in person, or the system itself (scheduled jobs, the seed). A person's
 * actor carries the address their request came from (lib/http/client-ip.ts), so that every lib
 * function that takes the actor can put it on the audit trail; the system acts with no address.
 */
export type Actor = { id: string; name: string; email: string; role: Role; kind: "user" | "system"; ip?: string | null };

export function can(actor: Actor, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].has(permission);
}

/** The user id to put in author and actor columns, which reference users: the system acts as nobody. */
export function authorIdOf(actor: Actor): string | null {
  return actor.kind === "user" ? actor.id : null;
}

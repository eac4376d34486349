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
  "story.embargo.shorten": "Make a story's embargo end earlier, lift it at once or remove it",
  "story.update.add": "Add updates and corrections to published stories",
  "section.manage": "Manage sections and tags",
  "frontpage.manage": "Pin and order the front page's stories and each section page's top story",
  "user.manage": "Manage people and their roles",
  "settings.manage": "Change site settings",
  "audit.view": "Read the audit log",
  "media.upload": "Upload photos to the media library, edit the metadata of your own and use any photo in stories",
  "media.manage": "Edit the metadata of anyone's photos and delete photos no story uses",
  "newsletter.send": "Prepare, preview, send and pause newsletter issues, and send breaking-news alerts",
  "newsletter.manage": "Manage newsletters and their subscribers (personal data): lists, export, delete, import",
  "history.takedown": "Take a published version out of a story's public history (a legal takedown)",
  "story.backdate": "Set a story's original publication time in the past (a story printed before it was online, or moved from another system)",
  "archive.import": "Import an archive from another system (a WordPress export)",
  "archive.export": "Export the whole archive (ninjs and WXR)",
} as const;

export type Permission = keyof typeof PERMISSIONS;

const REPORTER: Permission[] = ["story.read", "story.create", "story.edit.own", "story.submit", "media.upload"];
const EDITOR: Permission[] = [
  ...REPORTER,
  "story.edit.any",
  "story.publish",
  "story.delete",
  "story.embargo.shorten",
  "story.update.add",
  "section.manage",
  "frontpage.manage",
  "media.manage",
  "newsletter.send",
];
const ADMIN: Permission[] = [
  ...EDITOR,
  "user.manage",
  "settings.manage",
  "audit.view",
  "history.takedown",
  "story.backdate",
  "archive.import",
  "archive.export",
  "newsletter.manage",
];

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

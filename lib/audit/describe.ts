// What each audit action means, in the words an admin reads in the log. An action missing here is
// still shown (as its code), so a new action never disappears from the log.
export const AUDIT_ACTIONS: Record<string, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Failed to sign in",
  "story.create": "Created a story",
  "story.save": "Saved a story",
  "story.autosave": "Autosaved a story",
  "story.submit": "Submitted a story for review",
  "story.publish": "Published a story",
  "story.unpublish": "Unpublished a story",
  "story.delete": "Deleted a draft",
  "story.schedule": "Scheduled a story",
  "story.unschedule": "Took a story off the schedule",
  "story.schedule.fail": "Scheduled publication failed",
  "story.slug.change": "Changed a story's slug",
  "story.photos.change": "Changed a story's photos or their captions",
  "story.restore": "Restored a revision",
  "story.preview_link": "Created a preview link",
  "story.live.start": "Started live coverage",
  "story.live.end": "Ended live coverage",
  "story.update.add": "Added an update",
  "story.correction.add": "Added a correction",
  "story.update.edit": "Reworded a log entry",
  "story.update.withdraw": "Withdrew a log entry",
  "story.version.takedown": "Took down a published version",
  "section.create": "Added a section",
  "section.update": "Renamed a section",
  "section.move": "Reordered sections",
  "section.delete": "Deleted a section",
  "tag.create": "Added a tag",
  "tag.rename": "Renamed a tag",
  "tag.merge": "Merged a tag into another",
  "tag.delete": "Deleted a tag",
  "settings.update": "Changed site settings",
};

export function describeAuditAction(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

export const ENTITY_LABELS: Record<string, string> = { story: "Story", section: "Section", tag: "Tag", user: "Person", settings: "Site settings" };

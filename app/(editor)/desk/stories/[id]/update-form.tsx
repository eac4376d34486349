"use client";

import { LogEntryForm } from "./log-entry-form";

/** "Add update" opens the form; the form's own "Add update" button posts the note to the public log. */
export function UpdateForm({ storyId, timeZone, firstPublishedAt }: { storyId: string; timeZone: string; firstPublishedAt: string }) {
  return <LogEntryForm storyId={storyId} mode="update" timeZone={timeZone} firstPublishedAt={firstPublishedAt} />;
}

/** "Add correction" opens the form for a correction, clarification or editor's note. */
export function CorrectionForm({ storyId, timeZone, firstPublishedAt }: { storyId: string; timeZone: string; firstPublishedAt: string }) {
  return <LogEntryForm storyId={storyId} mode="correction" timeZone={timeZone} firstPublishedAt={firstPublishedAt} />;
}

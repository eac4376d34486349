"use client";

import { useState } from "react";
import { createPreviewLinkAction } from "../actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

/** Makes a signed, expiring link that lets someone without an account read the story as it stands. */
export function PreviewLink({ storyId }: { storyId: string }) {
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const { error, pending, run } = useServerAction("The newsroom could not be reached, so no link was made. Try again in a moment.");

  function create() {
    run(
      () => createPreviewLinkAction({ storyId }),
      (data) => {
        setLink({ url: `${window.location.origin}${data.path}`, expiresAt: data.expiresAt });
        return null;
      },
      { refresh: false },
    );
  }

  return (
    <div className="space-y-2">
      <Button onClick={create} disabled={pending}>
        Create preview link
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {link ? (
        <div>
          <label htmlFor="preview-link" className="block text-xs font-semibold">
            Preview link
          </label>
          <input id="preview-link" readOnly value={link.url} onFocus={(e) => e.target.select()} className={`${inputClass} font-mono text-xs`} />
          <p className="mt-1 text-xs text-muted">
            Anyone with this link can read the story until <time dateTime={link.expiresAt}>{new Date(link.expiresAt).toLocaleString("en-US")}</time>. It is
            never shown to search engines.
          </p>
        </div>
      ) : null}
    </div>
  );
}

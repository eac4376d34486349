"use client";

import { useState } from "react";

/** A link shown once to the admin who made it, to copy and hand over. */
export function OneTimeLink({ label, link, note }: { label: string; link: string; note: string }) {
  const [copied, setCopied] = useState(false);
  const id = `link-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="space-y-1 rounded border border-rule p-3">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full rounded border border-rule bg-paper px-3 py-2 font-mono text-xs"
        />
        <button
          type="button"
          className="rounded border border-rule px-3 py-2 text-sm font-semibold"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="text-xs text-muted">{note}</p>
    </div>
  );
}

"use client";

import { useEffect, useId, useState } from "react";
import { getPhotoChoicesAction, searchPhotosToUseAction } from "./actions";
import { MediaUploader } from "@/components/editor/media-uploader";
import type { PhotoChoice } from "@/lib/media/picker";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** What the library says about a photo, in a few words: its caption, or its alt text, or its size. */
export function photoLabel(photo: PhotoChoice): string {
  return photo.caption || photo.altText || `Photo ${photo.width}×${photo.height}`;
}

/** A small preview of a library photo for the newsroom (the file readers get, at a small width). */
export function PhotoPreview({ photo, className = "" }: { photo: PhotoChoice | undefined; className?: string }) {
  if (!photo) return <p className="text-sm text-muted">This photo is not in the library any more.</p>;
  if (photo.status === "FAILED") return <p className="text-sm font-semibold text-accent">The library could not process this photo: replace it.</p>;
  if (!photo.preview) return <p className="text-sm text-muted">Processing… the photo can be published once it is ready.</p>;
  // eslint-disable-next-line @next/next/no-img-element -- a prebuilt rendition, deliberately not Next's optimizer
  return <img src={photo.preview} alt="" width={photo.width} height={photo.height} className={`h-auto max-h-56 w-auto rounded-sm ${className}`} />;
}

/**
 * Finds a library photo by the words of its caption, credit, photographer or alt text (the newest
 * first when nothing is typed), or takes a new upload, and hands the one chosen to `onPick`.
 */
export function PhotoPicker({ purpose, onPick, onClose }: { purpose: string; onPick: (photo: PhotoChoice) => void; onClose: () => void }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<PhotoChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(async () => {
      const found = await searchPhotosToUseAction({ q: query }).catch(() => null);
      if (!current) return;
      if (found?.ok) {
        setResults(found.data);
        setError(null);
      } else setError(found?.message ?? "The library could not be reached. Try again.");
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query]);

  return (
    <div role="group" aria-label={`Choose a photo for ${purpose}`} className="space-y-3 rounded border border-rule bg-paper p-3 font-sans">
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <label htmlFor={`${id}-search`} className="block text-xs font-semibold">
            Search the photo library
          </label>
          <input
            id={`${id}-search`}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            // Enter searches (as it does already, while typing); it must not submit the story form.
            onKeyDown={(e) => {
              if (e.key === "Enter") e.preventDefault();
            }}
            maxLength={200}
            className={inputClass}
            placeholder="Words from a caption, credit, photographer or alt text"
          />
        </div>
        <Button onClick={onClose}>Close</Button>
      </div>
      {error ? <p className="text-sm font-semibold text-accent">{error}</p> : null}
      <MediaUploader
        label={`Upload a photo for ${purpose}`}
        onUploaded={async (media) => {
          // Into the library first (with its metadata read), then into the story: it shows as
          // processing until its renditions are made.
          const found = await getPhotoChoicesAction({ ids: [media.id] }).catch(() => null);
          if (found?.ok && found.data[0]) onPick(found.data[0]);
          else setError((found && !found.ok && found.message) || "The photo was uploaded but could not be added here; search the library for it.");
        }}
      />
      {results?.length ? (
        <ul aria-label="Library photos" className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {results.map((photo) => (
            <li key={photo.id}>
              <button
                type="button"
                onClick={() => onPick(photo)}
                className="block w-full rounded border border-rule p-1 text-left text-xs hover:border-ink focus-visible:border-ink"
              >
                <PhotoPreview photo={photo} className="max-h-28" />
                <span className="mt-1 line-clamp-2 block">Use: {photoLabel(photo)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : results ? (
        <p className="text-sm text-muted">{query ? "No photo in the library matches." : "The library has no photos yet."}</p>
      ) : null}
    </div>
  );
}

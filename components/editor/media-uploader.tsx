"use client";

import Link from "next/link";
import { useId, useRef, useState, type DragEvent } from "react";
import type { IngestedMedia } from "@/lib/media/ingest";

// Drop zone and file picker for the media library, used by the Media page and the story form. Each
// file goes up in a request of its own (POST /desk/media/upload, the bytes as the body), so that its
// progress bar moves with its own bytes and its outcome line says what became of it. One at a time:
// a batch from a camera card must not fill the server's memory at once.

export const UPLOAD_ENDPOINT = "/desk/media/upload";

type Item = { key: string; name: string; progress: number; state: "waiting" | "uploading" | "done" | "refused"; message: string; media?: IngestedMedia };

type UploadAnswer = { ok: true; media: IngestedMedia } | { ok: false; message: string };

function send(file: File, onProgress: (fraction: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", UPLOAD_ENDPOINT);
    request.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      try {
        const answer = JSON.parse(request.responseText) as UploadAnswer;
        if (typeof answer?.ok === "boolean") return resolve(answer.ok || answer.message ? answer : { ok: false, message: "The upload failed." });
      } catch {
        // A proxy's error page, say: not our JSON.
      }
      resolve({
        ok: false,
        message:
          request.status === 413
            ? "This file is larger than 40 MB, the limit per photo."
            : `The upload failed (the server answered ${request.status}). Try again.`,
      });
    };
    request.onerror = () => resolve({ ok: false, message: "The newsroom could not be reached; the photo was not uploaded. Try again in a moment." });
    request.send(file);
  });
}

export function MediaUploader({ onUploaded, label = "Upload photos" }: { onUploaded?: (media: IngestedMedia) => void; label?: string }) {
  const inputId = useId();
  const hintId = useId();
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const queue = useRef(Promise.resolve());

  const update = (key: string, patch: Partial<Item>) => setItems((all) => all.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  function upload(files: File[]) {
    const added = files.map((file, index) => ({
      file,
      item: { key: `${Date.now()}-${index}-${file.name}`, name: file.name, progress: 0, state: "waiting" as const, message: "Waiting…" },
    }));
    setItems((all) => [...all, ...added.map((a) => a.item)]);
    for (const { file, item } of added) {
      queue.current = queue.current.then(async () => {
        update(item.key, { state: "uploading", message: "Uploading…" });
        const answer = await send(file, (fraction) => update(item.key, { progress: Math.round(fraction * 100) }));
        if (answer.ok) {
          update(item.key, { state: "done", progress: 100, message: "Uploaded. Its sizes are being made; add its details now.", media: answer.media });
          onUploaded?.(answer.media);
        } else {
          update(item.key, { state: "refused", message: answer.message });
        }
      });
    }
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length) upload([...event.dataTransfer.files]);
  };

  return (
    <section aria-label={label} className="space-y-3">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`rounded border-2 border-dashed p-6 text-center ${dragging ? "border-ink bg-rule/40" : "border-rule"}`}
      >
        <p id={hintId} className="text-sm">
          Drop photos here, or{" "}
          <label htmlFor={inputId} className="cursor-pointer font-semibold underline">
            Choose files
          </label>
          . JPEG, PNG, WebP, AVIF or GIF, up to 40 MB each.
        </p>
        <input
          id={inputId}
          type="file"
          multiple
          accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/heic,image/heif"
          aria-describedby={hintId}
          className="sr-only"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = "";
            if (files.length) upload(files);
          }}
        />
      </div>
      {items.length ? (
        <ul className="space-y-2" aria-label="Uploads">
          {items.map((item) => (
            <li key={item.key} className="text-sm">
              <div className="flex items-center gap-3">
                <span className="min-w-0 flex-1 truncate font-semibold">{item.name}</span>
                <progress aria-label={`Upload of ${item.name}`} max={100} value={item.progress} className="w-40" />
              </div>
              <p role={item.state === "refused" ? "alert" : "status"} className={item.state === "refused" ? "font-semibold text-accent" : "text-muted"}>
                {item.state === "refused" ? `Not uploaded: ${item.message}` : item.message}{" "}
                {item.media ? <Link href={`/desk/media/${item.media.id}`}>Edit the details of {item.name}</Link> : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

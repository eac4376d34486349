"use client";

import { useState, type KeyboardEvent, type MouseEvent } from "react";
import { Field, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { useServerAction } from "@/components/ui/use-server-action";
import { updateMediaMetadataAction } from "../actions";

// A photo's details, prefilled from the file's own metadata for the person to confirm or edit, and
// its focal point: click the point of interest on the picture (or move it with the arrow keys, or
// type it), and the crops are made again around it.

type Details = {
  id: string;
  version: number;
  caption: string;
  altText: string;
  photographer: string;
  photographerTitle: string;
  creditLine: string;
  source: string;
  copyrightNotice: string;
  takenAt: string;
  focalX: number;
  focalY: number;
  width: number;
  height: number;
  preview: { src: string; width: number; height: number } | null;
};

const TEXT_FIELDS = [
  { name: "caption", label: "Caption", multiline: true, hint: "What the photo shows, as readers will read it under the picture." },
  { name: "altText", label: "Alt text", multiline: true, hint: "What someone who cannot see the photo needs to know of it." },
  { name: "photographer", label: "Photographer" },
  { name: "photographerTitle", label: "Photographer's title", hint: "Staff photographer, freelance, …" },
  { name: "creditLine", label: "Credit line", hint: "As readers see it, e.g. “Big Newspaper” or “The Associated Press”." },
  { name: "source", label: "Source" },
  { name: "copyrightNotice", label: "Copyright notice" },
] as const;
type TextName = (typeof TEXT_FIELDS)[number]["name"];

const clampPercent = (value: number) => Math.min(100, Math.max(0, Math.round(value * 10) / 10));

export function MediaDetailsForm({ media, readOnly }: { media: Details; readOnly: boolean }) {
  const [values, setValues] = useState(
    () =>
      ({
        ...Object.fromEntries(TEXT_FIELDS.map((f) => [f.name, media[f.name]])),
        takenAt: media.takenAt,
      }) as Record<TextName | "takenAt", string>,
  );
  const [focal, setFocal] = useState({ x: media.focalX, y: media.focalY });
  const [focalText, setFocalText] = useState({ x: String(media.focalX), y: String(media.focalY) });
  const [version, setVersion] = useState(media.version);
  const { errors, error, done, pending, run } = useServerAction();

  const moveFocal = (x: number, y: number) => {
    const next = { x: clampPercent(x), y: clampPercent(y) };
    setFocal(next);
    setFocalText({ x: String(next.x), y: String(next.y) });
  };

  const onPictureClick = (event: MouseEvent<HTMLButtonElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    // A click from the keyboard (Enter, Space) has no position: it leaves the point where it is.
    if (event.detail === 0) return;
    moveFocal(((event.clientX - box.left) / box.width) * 100, ((event.clientY - box.top) / box.height) * 100);
  };

  const onPictureKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.shiftKey ? 10 : 2;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    moveFocal(focal.x + move[0], focal.y + move[1]);
  };

  const save = () =>
    run(
      () =>
        updateMediaMetadataAction({
          mediaId: media.id,
          baseVersion: version,
          ...values,
          focalX: focalText.x.trim() === "" ? Number.NaN : Number(focalText.x),
          focalY: focalText.y.trim() === "" ? Number.NaN : Number(focalText.y),
        }),
      (data) => {
        setVersion(data.version);
        return data.refocused ? "Saved. The crops are being made again around the new focal point." : "Saved.";
      },
    );

  return (
    <form
      className="mt-6 grid gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="space-y-3">
        {media.preview ? (
          <>
            <button
              type="button"
              onClick={onPictureClick}
              onKeyDown={onPictureKey}
              disabled={readOnly}
              aria-label={`Focal point: ${focal.x} % across, ${focal.y} % down. Click the point of interest, or use the arrow keys.`}
              className="relative block w-full cursor-crosshair focus-visible:outline-4"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- prebuilt renditions are served as they are */}
              <img src={media.preview.src} alt="" width={media.preview.width} height={media.preview.height} className="h-auto w-full" draggable={false} />
              <span
                aria-hidden="true"
                className="absolute h-6 w-6 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white shadow-[0_0_0_2px_black]"
                style={{ left: `${focal.x}%`, top: `${focal.y}%` }}
              />
            </button>
            <p className="text-xs text-muted">Crops for listings and share cards are centred on this point, as far as the photo allows.</p>
          </>
        ) : (
          <p className="text-sm text-muted">The photo&apos;s sizes are still being made; reload in a moment to see it and pick its focal point.</p>
        )}
        <div className="grid grid-cols-2 gap-3">
          {(["x", "y"] as const).map((axis) => (
            <Field
              key={axis}
              id={`focal-${axis}`}
              label={axis === "x" ? "Focal point across (%)" : "Focal point down (%)"}
              errors={errors[axis === "x" ? "focalX" : "focalY"]}
            >
              {(describedBy, invalid) => (
                <input
                  id={`focal-${axis}`}
                  type="number"
                  min={0}
                  max={100}
                  step={0.1}
                  inputMode="decimal"
                  value={focalText[axis]}
                  readOnly={readOnly}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(event) => {
                    const text = event.target.value;
                    setFocalText((t) => ({ ...t, [axis]: text }));
                    const number = Number(text);
                    if (text.trim() !== "" && Number.isFinite(number)) setFocal((f) => ({ ...f, [axis]: clampPercent(number) }));
                  }}
                  className={inputClass}
                />
              )}
            </Field>
          ))}
        </div>
      </div>

      <div className="space-y-4">
        {readOnly ? <p className="text-sm text-muted">Only editors and the person who uploaded this photo may change its details.</p> : null}
        {TEXT_FIELDS.map((field) => (
          <Field key={field.name} id={`media-${field.name}`} label={field.label} hint={"hint" in field ? field.hint : undefined} errors={errors[field.name]}>
            {(describedBy, invalid) => {
              const common = {
                id: `media-${field.name}`,
                value: values[field.name],
                readOnly,
                "aria-describedby": describedBy,
                "aria-invalid": invalid,
                className: inputClass,
              };
              return "multiline" in field ? (
                <textarea {...common} rows={3} onChange={(event) => setValues((v) => ({ ...v, [field.name]: event.target.value }))} />
              ) : (
                <input {...common} type="text" onChange={(event) => setValues((v) => ({ ...v, [field.name]: event.target.value }))} />
              );
            }}
          </Field>
        ))}
        <Field id="media-takenAt" label="Date taken" hint="In the newsroom's time zone." errors={errors.takenAt}>
          {(describedBy, invalid) => (
            <input
              id="media-takenAt"
              type="datetime-local"
              value={values.takenAt}
              readOnly={readOnly}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(event) => setValues((v) => ({ ...v, takenAt: event.target.value }))}
              className={inputClass}
            />
          )}
        </Field>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {done ? <Alert tone="success">{done}</Alert> : null}
        {readOnly ? null : (
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : "Save details"}
          </Button>
        )}
      </div>
    </form>
  );
}

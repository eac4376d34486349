"use client";

import { useState } from "react";
import type { PhotoChoice } from "@/lib/media/picker";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { PhotoPicker, PhotoPreview } from "./photo-picker";

export type LeadPhotoValues = { leadMediaId: string; leadAlt: string; leadCaption: string; leadCredit: string; leadDecorative: boolean };

/**
 * The story's lead photo: chosen from the library (or removed), with the story's own alt text,
 * caption and credit. Left empty, each falls back to the library's, shown as the placeholder.
 */
export function LeadPhotoField({
  values,
  photo,
  errors,
  onPick,
  onChange,
}: {
  values: LeadPhotoValues;
  photo: PhotoChoice | undefined;
  errors: Record<string, string[] | undefined>;
  onPick: (photo: PhotoChoice) => void;
  onChange: (values: Partial<LeadPhotoValues>) => void;
}) {
  const [picking, setPicking] = useState(false);
  const chosen = Boolean(values.leadMediaId);
  return (
    <fieldset className="space-y-3 rounded border border-rule p-4" aria-describedby={errors.leadMediaId?.length ? "leadMediaId-error" : undefined}>
      <legend className="px-1 text-sm font-semibold">Lead photo</legend>
      {chosen ? <PhotoPreview photo={photo} /> : <p className="text-sm text-muted">None. The lead photo shows above the story, on lists and on share cards.</p>}
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => setPicking((open) => !open)} aria-expanded={picking}>
          {chosen ? "Replace lead photo" : "Choose lead photo"}
        </Button>
        {chosen ? (
          <Button onClick={() => onChange({ leadMediaId: "", leadAlt: "", leadCaption: "", leadCredit: "", leadDecorative: false })}>Remove lead photo</Button>
        ) : null}
      </div>
      {picking ? (
        <PhotoPicker
          purpose="the lead"
          onClose={() => setPicking(false)}
          onPick={(picked) => {
            onPick(picked);
            onChange({ leadMediaId: picked.id });
            setPicking(false);
          }}
        />
      ) : null}
      {errors.leadMediaId?.length ? (
        <p id="leadMediaId-error" className="text-sm font-semibold text-accent">
          {errors.leadMediaId.join(" ")}
        </p>
      ) : null}
      {chosen ? (
        <>
          <Field
            id="leadAlt"
            label="Alt text"
            hint="What the photo shows, for readers who cannot see it. Leave empty to use the library's."
            errors={errors.leadAlt}
          >
            {(describedBy, invalid) => (
              <input
                id="leadAlt"
                value={values.leadAlt}
                onChange={(e) => onChange({ leadAlt: e.target.value })}
                placeholder={photo?.altText || "Required unless decorative"}
                disabled={values.leadDecorative}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                maxLength={1000}
              />
            )}
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={values.leadDecorative} onChange={(e) => onChange({ leadDecorative: e.target.checked })} />
            Decorative <span className="text-muted">(adds nothing a reader needs to know; screen readers skip it)</span>
          </label>
          <Field id="leadCaption" label="Caption" hint="Leave empty to use the library's caption." errors={errors.leadCaption}>
            {(describedBy, invalid) => (
              <textarea
                id="leadCaption"
                rows={2}
                value={values.leadCaption}
                onChange={(e) => onChange({ leadCaption: e.target.value })}
                placeholder={photo?.caption}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                maxLength={2000}
              />
            )}
          </Field>
          <Field id="leadCredit" label="Credit" hint="Who to credit, e.g. “Big Newspaper”. Leave empty to use the library's." errors={errors.leadCredit}>
            {(describedBy, invalid) => (
              <input
                id="leadCredit"
                value={values.leadCredit}
                onChange={(e) => onChange({ leadCredit: e.target.value })}
                placeholder={photo?.creditLine || "Required for publication"}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                maxLength={300}
              />
            )}
          </Field>
        </>
      ) : null}
    </fieldset>
  );
}

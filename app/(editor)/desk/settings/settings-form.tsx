"use client";

import { useState, type FormEvent } from "react";
import { updateSiteSettingsAction } from "./actions";
import { FormMessages } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass, SelectField, TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

type Values = { siteName: string; timeZone: string; defaultSectionId: string };

/** The values stay in the form whatever the server says: an error never loses what was typed. */
export function SettingsForm({ initial, sections, timeZones }: { initial: Values; sections: { id: string; name: string }[]; timeZones: string[] }) {
  const [values, setValues] = useState(initial);
  const { errors, error, done, pending, run } = useServerAction("The server could not be reached. Nothing was saved; what you typed is still here.");
  const set = (key: keyof Values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => updateSiteSettingsAction(values),
      (data) => (data.changed.length ? "Settings saved. Public pages show them now." : "Nothing had changed."),
      { refresh: false },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 max-w-xl space-y-5" aria-label="Site settings">
      <TextField
        id="settings-site-name"
        label="Site name"
        hint="Shown in the masthead and every page title."
        errors={errors.siteName}
        value={values.siteName}
        onValueChange={set("siteName")}
        maxLength={200}
      />
      <Field
        id="settings-time-zone"
        label="Newsroom time zone"
        hint="An IANA name such as America/New_York. Times are stored in UTC and shown in this zone."
        errors={errors.timeZone}
      >
        {(describedBy, invalid) => (
          <>
            <input
              id="settings-time-zone"
              list="settings-time-zones"
              value={values.timeZone}
              onChange={(e) => set("timeZone")(e.target.value)}
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
              className={inputClass}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
            <datalist id="settings-time-zones">
              {timeZones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <SelectField
        id="settings-default-section"
        label="Default section"
        hint="Preselected when someone starts a new story."
        errors={errors.defaultSectionId}
        value={values.defaultSectionId}
        onValueChange={set("defaultSectionId")}
      >
        <option value="">None</option>
        {sections.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <FormMessages error={error} done={done} />
      <Button type="submit" variant="primary" disabled={pending}>
        Save settings
      </Button>
    </form>
  );
}

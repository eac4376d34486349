import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { readSiteSettings } from "@/lib/settings/site";
import { listSectionsAndStaff } from "@/lib/stories/editor-queries";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings · Newsroom" };

export default async function SettingsPage() {
  const actor = await requireActorOrRedirect("/desk/settings");
  // Refused like every admin page (People too): a 404, which says nothing about what is there.
  if (!can(actor, "settings.manage")) notFound();
  // Read directly, not from the public cache: the form must start from what is stored.
  const [settings, { sections }] = await Promise.all([readSiteSettings(), listSectionsAndStaff()]);
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-3xl font-bold">Settings</h1>
      <SettingsForm
        initial={{ siteName: settings.siteName, timeZone: settings.timeZone, defaultSectionId: settings.defaultSectionId ?? "" }}
        sections={sections.map((s) => ({ id: s.id, name: s.name }))}
        timeZones={["UTC", ...Intl.supportedValuesOf("timeZone")]}
      />
    </main>
  );
}

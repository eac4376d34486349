import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { getFrontPageForDesk } from "@/lib/front-page/editor-queries";
import { FrontPageEditor } from "./front-page-editor";

export const metadata: Metadata = { title: "Front page · Newsroom" };

export default async function FrontPageScreen() {
  const actor = await requireActorOrRedirect("/desk/front-page");
  if (!can(actor, "frontpage.manage")) notFound();
  const layout = await getFrontPageForDesk(actor);
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="font-serif text-3xl font-bold">Front page</h1>
      <p className="mt-2 text-muted">
        What readers see in each place now. Pin a published story to a place, order the places by dragging or with Move up and Move down, and save: readers see
        the new page at once. Places without a pin show the newest stories. Times are in the newsroom&apos;s zone ({layout.timeZone}).
      </p>
      <FrontPageEditor layout={layout} />
    </main>
  );
}

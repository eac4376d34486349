import Link from "next/link";
import type { ReactNode } from "react";
import { getSession } from "@/lib/auth/actor";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { SignOutButton } from "@/components/editor/sign-out-button";
import { signOutAction } from "./sign-out-actions";

// The newsroom: dynamic and authenticated. Each page also checks the session itself, because a
// layout is not re-run on every navigation; each server action checks for itself again.
export const dynamic = "force-dynamic";

export default async function EditorLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  // Someone who still owes two-factor setup is shown their profile link and "Sign out"; every other
  // page sends them to their profile to set it up.
  const actor = session && !session.mustSetUpTwoFactor ? session.actor : null;
  return (
    <div className="min-h-screen">
      <header className="border-b border-rule bg-ink text-paper">
        <nav aria-label="Newsroom" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 text-sm">
          <Link href="/desk" className="font-serif text-lg font-bold">
            Newsroom
          </Link>
          <Link href="/desk">Stories</Link>
          {actor && can(actor, "media.upload") ? <Link href="/desk/media">Media</Link> : null}
          <Link href="/desk/sections">Sections and tags</Link>
          {actor && can(actor, "user.manage") ? <Link href="/desk/users">People</Link> : null}
          {actor && can(actor, "audit.view") ? <Link href="/desk/audit">Audit log</Link> : null}
          {actor && can(actor, "settings.manage") ? <Link href="/desk/settings">Settings</Link> : null}
          <Link href="/" prefetch={false}>
            Public site
          </Link>
          {session ? (
            <span className="ml-auto flex items-center gap-4">
              <Link href="/desk/profile">
                <span className="sr-only">Your profile: </span>
                {session.actor.name} · {ROLE_LABELS[session.actor.role]}
              </Link>
              <SignOutButton action={signOutAction} />
            </span>
          ) : null}
        </nav>
      </header>
      {children}
    </div>
  );
}

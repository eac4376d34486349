import Link from "next/link";
import type { ReactNode } from "react";
import { tokenStateMessage, type TokenState } from "@/lib/users/tokens";

/** The page for a link that cannot be used (replayed, expired, withdrawn or altered): what happened and what to do. */
export function DeadLinkPage({ purpose, state }: { purpose: "INVITE" | "PASSWORD_RESET"; state: Exclude<TokenState, "valid"> }) {
  const { title, body } = tokenStateMessage(purpose, state);
  return (
    <AccountLinkLayout title={title}>
      <p className="mt-4">{body}</p>
      <p className="mt-6">
        <Link href="/signin" className="underline underline-offset-4">
          Go to sign in
        </Link>
      </p>
    </AccountLinkLayout>
  );
}

export function AccountLinkLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-20">
      <h1 className="font-serif text-3xl font-bold">{title}</h1>
      {children}
    </main>
  );
}

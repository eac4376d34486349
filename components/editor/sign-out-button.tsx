"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" className="underline underline-offset-4" onClick={() => signOut({ callbackUrl: "/signin" })}>
      Sign out
    </button>
  );
}

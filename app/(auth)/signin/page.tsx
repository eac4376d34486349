import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "./sign-in-form";
import { getActor } from "@/lib/auth/actor";

export const metadata: Metadata = { title: "Sign in · Newsroom", robots: { index: false } };
export const dynamic = "force-dynamic";

/** Only same-site paths are followed after sign-in, so the link cannot send anyone elsewhere. */
function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path) return "/desk";
  try {
    const url = new URL(path, "http://localhost");
    return url.origin === "http://localhost" && url.pathname.startsWith("/") ? `${url.pathname}${url.search}` : "/desk";
  } catch {
    return "/desk";
  }
}

// Notices other account pages send people here with; only these fixed texts are shown.
const NOTICES: Record<string, string> = {
  "password-changed": "Your password was changed. Sign in with the new one.",
  "password-reset": "Your new password is set. Sign in with it.",
  "account-ready": "Your account is ready. Sign in with your email and the password you chose.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if (await getActor()) redirect(returnTo);
  const noticeKey = Array.isArray(params.notice) ? params.notice[0] : params.notice;
  return (
    <main id="main" className="mx-auto max-w-sm px-4 py-20">
      <h1 className="font-serif text-3xl font-bold">Sign in to the newsroom</h1>
      <SignInForm returnTo={returnTo} notice={noticeKey ? (NOTICES[noticeKey] ?? null) : null} />
      <p className="mt-8 text-sm text-muted">Forgot your password? Ask an admin for a password reset link.</p>
    </main>
  );
}

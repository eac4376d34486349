import type { Metadata } from "next";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { inspectToken } from "@/lib/users/tokens";
import { PASSWORD_RULES } from "@/lib/users/schemas";
import { AcceptInviteForm } from "../../account-link-forms";
import { AccountLinkLayout, DeadLinkPage } from "../../account-link-page";

export const metadata: Metadata = { title: "Join the newsroom", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { state, token: invite } = await inspectToken("INVITE", token);
  if (state !== "valid" || !invite?.role) return <DeadLinkPage purpose="INVITE" state={state === "valid" ? "unknown" : state} />;
  return (
    <AccountLinkLayout title="Join the newsroom">
      <p className="mt-4">
        You are invited as {ROLE_LABELS[invite.role].toLowerCase()}, with the email address <strong>{invite.email}</strong>. Choose the name readers will see
        and your password.
      </p>
      <AcceptInviteForm token={token} email={invite.email} rules={PASSWORD_RULES} />
    </AccountLinkLayout>
  );
}

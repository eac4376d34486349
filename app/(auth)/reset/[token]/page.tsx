import type { Metadata } from "next";
import { inspectToken } from "@/lib/users/tokens";
import { PASSWORD_RULES } from "@/lib/users/schemas";
import { ResetPasswordForm } from "../../account-link-forms";
import { AccountLinkLayout, DeadLinkPage } from "../../account-link-page";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { state, token: link } = await inspectToken("PASSWORD_RESET", token);
  if (state !== "valid" || !link) return <DeadLinkPage purpose="PASSWORD_RESET" state={state === "valid" ? "unknown" : state} />;
  return (
    <AccountLinkLayout title="Choose a new password">
      <p className="mt-4">
        For <strong>{link.email}</strong>. Setting it signs you out everywhere else.
      </p>
      <ResetPasswordForm token={token} email={link.email} rules={PASSWORD_RULES} />
    </AccountLinkLayout>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/actor";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { getOwnProfile } from "@/lib/users/queries";
import { PASSWORD_RULES } from "@/lib/users/schemas";
import { Alert } from "@/components/ui/alert";
import { NameForm, PasswordForm, TwoFactorManage, TwoFactorSetup } from "./profile-forms";

export const metadata: Metadata = { title: "Your profile · Newsroom" };

export default async function ProfilePage() {
  // The one newsroom page open to someone who still owes two-factor setup: it is where they do it.
  const session = await getSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent("/desk/profile")}`);
  const [profile, { timeZone }] = await Promise.all([getOwnProfile(session.actor), getSiteSettings()]);

  return (
    <main id="main" className="mx-auto max-w-2xl space-y-10 px-4 py-8">
      <div>
        <h1 className="font-serif text-3xl font-bold">Your profile</h1>
        <p className="mt-2 text-sm text-muted">
          {profile.email} · {ROLE_LABELS[profile.role]}
        </p>
      </div>
      {session.mustSetUpTwoFactor ? (
        <Alert tone="error">Your role requires two-factor sign-in. Set it up below to use the newsroom; until then, only this page is open to you.</Alert>
      ) : null}

      <section aria-labelledby="two-factor-heading" className="space-y-3">
        <h2 id="two-factor-heading" className="font-serif text-xl font-bold">
          Two-factor sign-in
        </h2>
        {profile.twoFactorOn ? (
          <>
            <p className="text-sm">
              On since {formatApDateTime(profile.twoFactorSince!, timeZone)}. Signing in takes your password and a code from your app.{" "}
              {profile.recoveryCodesLeft === 1 ? "1 recovery code is left." : `${profile.recoveryCodesLeft} recovery codes are left.`}
              {profile.roleRequiresTwoFactor ? " Your role requires it, so it cannot be turned off." : ""}
            </p>
            <TwoFactorManage canTurnOff={!profile.roleRequiresTwoFactor} />
          </>
        ) : (
          <>
            <p className="text-sm">
              Off. With it on, signing in takes your password and a 6-digit code from an app on your phone, so a stolen password alone opens nothing.
            </p>
            <TwoFactorSetup setup={profile.setup} />
          </>
        )}
      </section>

      <section aria-labelledby="name-heading" className="space-y-3">
        <h2 id="name-heading" className="font-serif text-xl font-bold">
          Name
        </h2>
        <NameForm name={profile.name} />
      </section>

      <section aria-labelledby="password-heading" className="space-y-3">
        <h2 id="password-heading" className="font-serif text-xl font-bold">
          Password
        </h2>
        <PasswordForm email={profile.email} rules={PASSWORD_RULES} />
      </section>
    </main>
  );
}

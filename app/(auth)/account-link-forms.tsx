"use client";

import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { acceptInviteAction, resetPasswordAction } from "./account-link-actions";
import { FormMessages } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { NewPasswordFields, TextField } from "@/components/ui/field";
import { readSignInAnswer } from "./sign-in-messages";
import { useServerAction } from "@/components/ui/use-server-action";

/** After the account is set up: sign in with what was just typed, or go to the sign-in page to finish. */
async function signInAfterwards(email: string, password: string, notice: string) {
  try {
    const answer = readSignInAnswer(await signIn("credentials", { redirect: false, email, password, code: "" }));
    if (answer.kind === "ok") {
      window.location.assign("/desk");
      return;
    }
  } catch {
    // fall through to the sign-in page
  }
  window.location.assign(`/signin?notice=${notice}`);
}

const PASSWORD_IDS = { password: "new-password", confirm: "confirm-password" };

type Values = { name: string; password: string; confirmPassword: string };

/** What each one-time link sets up: an invitation asks for a name as well. */
const LINKS = {
  invite: {
    asksName: true,
    labels: { password: "Password", confirm: "Confirm password" },
    button: "Create account",
    notice: "account-ready",
    submit: (token: string, { name, password, confirmPassword }: Values) => acceptInviteAction({ token, name, password, confirmPassword }),
  },
  reset: {
    asksName: false,
    labels: { password: "New password", confirm: "Confirm new password" },
    button: "Set new password",
    notice: "password-reset",
    submit: (token: string, { password, confirmPassword }: Values) => resetPasswordAction({ token, password, confirmPassword }),
  },
} as const;

function AccountLinkForm({ link, token, email, rules }: { link: keyof typeof LINKS; token: string; email: string; rules: string }) {
  const text = LINKS[link];
  const [values, setValues] = useState<Values>({ name: "", password: "", confirmPassword: "" });
  const { errors, error, pending, run } = useServerAction();
  const [finishing, setFinishing] = useState(false);
  const set = (key: keyof Values, value: string) => setValues((v) => ({ ...v, [key]: value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => text.submit(token, values),
      (result) => {
        setFinishing(true);
        void signInAfterwards(result.email, values.password, text.notice);
        return null;
      },
      { refresh: false },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-8 space-y-5">
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      {text.asksName ? (
        <TextField
          id="invite-name"
          label="Your name"
          hint="As it will appear in bylines."
          errors={errors.name}
          value={values.name}
          onValueChange={(value) => set("name", value)}
          maxLength={120}
          autoComplete="name"
        />
      ) : null}
      <NewPasswordFields ids={PASSWORD_IDS} labels={text.labels} rules={rules} values={values} errors={errors} onValueChange={set} />
      <FormMessages error={error} />
      <Button type="submit" variant="primary" disabled={pending || finishing}>
        {finishing ? "Signing you in…" : text.button}
      </Button>
    </form>
  );
}

export function AcceptInviteForm(props: { token: string; email: string; rules: string }) {
  return <AccountLinkForm link="invite" {...props} />;
}

export function ResetPasswordForm(props: { token: string; email: string; rules: string }) {
  return <AccountLinkForm link="reset" {...props} />;
}

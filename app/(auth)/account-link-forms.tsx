"use client";

import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { acceptInviteAction, resetPasswordAction } from "./account-link-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
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

function PasswordFields({
  values,
  set,
  errors,
  rules,
  labels,
}: {
  values: { password: string; confirmPassword: string };
  set: (key: "password" | "confirmPassword", value: string) => void;
  errors: Record<string, string[] | undefined>;
  rules: string;
  labels: { password: string; confirm: string };
}) {
  return (
    <>
      <Field id="new-password" label={labels.password} hint={rules} errors={errors.password}>
        {(describedBy, invalid) => (
          <input
            id="new-password"
            type="password"
            value={values.password}
            onChange={(e) => set("password", e.target.value)}
            autoComplete="new-password"
            maxLength={1024}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Field id="confirm-password" label={labels.confirm} errors={errors.confirmPassword}>
        {(describedBy, invalid) => (
          <input
            id="confirm-password"
            type="password"
            value={values.confirmPassword}
            onChange={(e) => set("confirmPassword", e.target.value)}
            autoComplete="new-password"
            maxLength={1024}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
    </>
  );
}

export function AcceptInviteForm({ token, email, rules }: { token: string; email: string; rules: string }) {
  const [values, setValues] = useState({ name: "", password: "", confirmPassword: "" });
  const { errors, error, pending, run } = useServerAction();
  const [finishing, setFinishing] = useState(false);
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => acceptInviteAction({ token, ...values }),
      (result) => {
        setFinishing(true);
        void signInAfterwards(result.email, values.password, "account-ready");
        return null;
      },
      { refresh: false },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-8 space-y-5">
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="invite-name" label="Your name" hint="As it will appear in bylines." errors={errors.name}>
        {(describedBy, invalid) => (
          <input
            id="invite-name"
            value={values.name}
            onChange={(e) => set("name", e.target.value)}
            maxLength={120}
            autoComplete="name"
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <PasswordFields values={values} set={set} errors={errors} rules={rules} labels={{ password: "Password", confirm: "Confirm password" }} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" variant="primary" disabled={pending || finishing}>
        {finishing ? "Signing you in…" : "Create account"}
      </Button>
    </form>
  );
}

export function ResetPasswordForm({ token, email, rules }: { token: string; email: string; rules: string }) {
  const [values, setValues] = useState({ password: "", confirmPassword: "" });
  const { errors, error, pending, run } = useServerAction();
  const [finishing, setFinishing] = useState(false);
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => resetPasswordAction({ token, ...values }),
      (result) => {
        setFinishing(true);
        void signInAfterwards(result.email, values.password, "password-reset");
        return null;
      },
      { refresh: false },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-8 space-y-5">
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <PasswordFields values={values} set={set} errors={errors} rules={rules} labels={{ password: "New password", confirm: "Confirm new password" }} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" variant="primary" disabled={pending || finishing}>
        {finishing ? "Signing you in…" : "Set new password"}
      </Button>
    </form>
  );
}

"use client";

import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (result?.ok && !result.error) {
        window.location.assign(returnTo);
        return;
      }
      setError("That email and password do not match an active account. Check both and try again.");
    } catch {
      setError("The newsroom could not be reached. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="mt-8 space-y-5" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="email" label="Email">
        {(describedBy) => <input id="email" name="email" type="email" autoComplete="username" required className={inputClass} aria-describedby={describedBy} />}
      </Field>
      <Field id="password" label="Password">
        {(describedBy) => (
          <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} aria-describedby={describedBy} />
        )}
      </Field>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

"use client";

import { useRef, useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { CODE_NEEDED, OFFLINE, readSignInAnswer } from "../sign-in-messages";

/**
 * Email and password, then (for accounts with two-factor sign-in) a code. The second step sends all
 * three again: the server remembers nothing between the steps, so no session exists until one
 * request carries a right password and a right code.
 */
export function SignInForm({ returnTo, notice }: { returnTo: string; notice?: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

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
        code: needsCode ? String(form.get("code") ?? "") : "",
      });
      const answer = readSignInAnswer(result);
      if (answer.kind === "ok") {
        window.location.assign(returnTo);
        return;
      }
      if (answer.kind === "code-needed") {
        setNeedsCode(true);
        setTimeout(() => codeRef.current?.focus(), 0);
      } else {
        setError(answer.message);
        if (needsCode && codeRef.current) codeRef.current.value = "";
      }
    } catch {
      setError(OFFLINE);
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="mt-8 space-y-5" noValidate>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="email" label="Email">
        {(describedBy) => (
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            readOnly={needsCode}
            className={inputClass}
            aria-describedby={describedBy}
          />
        )}
      </Field>
      <Field id="password" label="Password">
        {(describedBy) => (
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            readOnly={needsCode}
            className={inputClass}
            aria-describedby={describedBy}
          />
        )}
      </Field>
      {needsCode ? (
        <Field id="code" label="Two-factor code" hint={CODE_NEEDED}>
          {(describedBy) => (
            <input
              ref={codeRef}
              id="code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              maxLength={20}
              className={inputClass}
              aria-describedby={describedBy}
            />
          )}
        </Field>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
        {needsCode ? (
          <Button
            onClick={() => {
              setNeedsCode(false);
              setError(null);
            }}
          >
            Use another account
          </Button>
        ) : null}
      </div>
    </form>
  );
}

"use client";

import { useState, type FormEvent } from "react";
import {
  changePasswordAction,
  confirmTotpSetupAction,
  disableTotpAction,
  regenerateRecoveryCodesAction,
  startTotpSetupAction,
  updateProfileAction,
} from "./actions";
import { FormMessages } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { NewPasswordFields, TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

export function NameForm({ name: initial }: { name: string }) {
  const [name, setName] = useState(initial);
  const { errors, error, done, pending, run } = useServerAction();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => updateProfileAction({ name }),
      () => "Saved your name. Bylines show it now.",
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <TextField
        id="profile-name"
        label="Name"
        hint="As it appears in bylines and in the newsroom."
        errors={errors.name}
        value={name}
        onValueChange={setName}
        maxLength={120}
        autoComplete="name"
      />
      <FormMessages error={error} done={done} />
      <Button type="submit" variant="primary" disabled={pending}>
        Save name
      </Button>
    </form>
  );
}

export function PasswordForm({ email, rules }: { email: string; rules: string }) {
  const [values, setValues] = useState({ currentPassword: "", password: "", confirmPassword: "" });
  const { errors, error, done, pending, run } = useServerAction();
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => changePasswordAction(values),
      ({ stillSignedIn }) => {
        setValues({ currentPassword: "", password: "", confirmPassword: "" });
        if (!stillSignedIn) {
          window.location.assign("/signin?notice=password-changed");
          return null;
        }
        return "Password changed. You stay signed in here; every other session of yours has ended.";
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {/* For password managers: which account this password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        id="current-password"
        label="Current password"
        errors={errors.currentPassword}
        type="password"
        value={values.currentPassword}
        onValueChange={set("currentPassword")}
        autoComplete="current-password"
      />
      <NewPasswordFields
        ids={{ password: "new-password", confirm: "confirm-new-password" }}
        labels={{ password: "New password", confirm: "Confirm new password" }}
        rules={rules}
        values={values}
        errors={errors}
        onValueChange={(key, value) => set(key)(value)}
      />
      <FormMessages error={error} done={done} />
      <Button type="submit" variant="primary" disabled={pending}>
        Change password
      </Button>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="space-y-3 rounded border-2 border-ink p-4" role="region" aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading" className="font-serif text-lg font-bold">
        Your recovery codes
      </h3>
      <p className="text-sm">
        Each code signs you in once if you lose your phone. Save them somewhere safe now (a password manager, or printed): they are shown only this once.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 font-mono text-base">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <Button variant="primary" onClick={onDone}>
        I have saved my recovery codes
      </Button>
    </div>
  );
}

export function TwoFactorSetup({ setup }: { setup: { qrSvg: string; secret: string } | null }) {
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const { errors, error, pending, run } = useServerAction();

  if (codes) return <RecoveryCodes codes={codes} onDone={() => window.location.assign("/desk/profile")} />;

  if (!setup) {
    return (
      <div className="space-y-3">
        <FormMessages error={error} />
        <Button
          variant="primary"
          disabled={pending}
          onClick={() =>
            run(
              () => startTotpSetupAction(),
              () => null,
            )
          }
        >
          Set up two-factor sign-in
        </Button>
      </div>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => confirmTotpSetupAction({ code }),
      (result) => {
        setCodes(result.recoveryCodes);
        return null;
      },
      { refresh: false },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <ol className="list-decimal space-y-2 pl-5 text-sm">
        <li>Open an authenticator app on your phone (any app for “TOTP” codes: 1Password, Google Authenticator, Authy, Microsoft Authenticator…).</li>
        <li>Scan this code with it, or type the key below.</li>
        <li>Type the 6-digit code the app then shows.</li>
      </ol>
      {/* The SVG is drawn on the server by the qrcode package from the otpauth link; it holds no text anyone typed. */}
      <div role="img" aria-label="QR code for your authenticator app" className="w-48 bg-white p-1" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
      <p className="text-sm">
        Can&rsquo;t scan it? Key to type:{" "}
        <code className="font-mono text-base" data-testid="totp-secret">
          {setup.secret}
        </code>
      </p>
      <TextField
        id="totp-setup-code"
        label="Code from your app"
        errors={errors.code}
        value={code}
        onValueChange={setCode}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={10}
      />
      <FormMessages error={error} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          Turn on two-factor sign-in
        </Button>
        <Button
          disabled={pending}
          onClick={() =>
            run(
              () => startTotpSetupAction(),
              () => null,
            )
          }
        >
          Start over with a new key
        </Button>
      </div>
    </form>
  );
}

export function TwoFactorManage({ canTurnOff }: { canTurnOff: boolean }) {
  const [proof, setProof] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const { errors, error, done, pending, run } = useServerAction();

  if (codes) return <RecoveryCodes codes={codes} onDone={() => window.location.assign("/desk/profile")} />;

  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate className="space-y-3">
      <TextField
        id="two-factor-proof"
        label="Code, recovery code or password"
        hint="To turn two-factor sign-in off or make new recovery codes, prove it is you."
        errors={errors.proof}
        type="password"
        value={proof}
        onValueChange={setProof}
        autoComplete="off"
      />
      <FormMessages error={error} done={done} />
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={pending}
          onClick={() =>
            run(
              () => regenerateRecoveryCodesAction({ proof }),
              (result) => {
                setProof("");
                setCodes(result.recoveryCodes);
                return null;
              },
              { refresh: false },
            )
          }
        >
          Make new recovery codes
        </Button>
        {canTurnOff ? (
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              run(
                () => disableTotpAction({ proof }),
                () => {
                  setProof("");
                  return "Two-factor sign-in is off. Signing in now takes only your password.";
                },
              )
            }
          >
            Turn off two-factor sign-in
          </Button>
        ) : null}
      </div>
    </form>
  );
}

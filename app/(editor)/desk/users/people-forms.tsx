"use client";

import { useState, type FormEvent } from "react";
import {
  changeUserRoleAction,
  createPasswordResetLinkAction,
  inviteUserAction,
  removeUserTwoFactorAction,
  revokeInviteAction,
  setRoleTwoFactorAction,
  setUserActiveAction,
  type LinkResult,
} from "./actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass, TextField } from "@/components/ui/field";
import { OneTimeLink } from "./one-time-link";
import { useServerAction } from "@/components/ui/use-server-action";

type RoleOption = { value: "ADMIN" | "EDITOR" | "REPORTER"; label: string };

function emailNote(result: LinkResult, who: string): string {
  const works = "It works once";
  if (result.emailed === "sent") return `Emailed to ${who}. ${works}; you can also copy it here.`;
  if (result.emailed === "failed") return `The email to ${who} could not be sent. Copy the link and send it another way. ${works}.`;
  return `No mail server is set up, so nothing was emailed: copy the link and send it to ${who}. ${works}.`;
}

export function InviteForm({ roles }: { roles: RoleOption[] }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<RoleOption["value"]>("REPORTER");
  const [made, setMade] = useState<{ link: string; note: string } | null>(null);
  const { errors, error, pending, run } = useServerAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = email.trim();
    setMade(null);
    run(
      () => inviteUserAction({ email, role }),
      (result) => {
        setMade({ link: result.link, note: `${emailNote(result, to)} It expires ${new Date(result.expiresAt).toLocaleString()}.` });
        setEmail("");
        return null;
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-labelledby="invite-heading">
      <h2 id="invite-heading" className="font-serif text-xl font-bold">
        Invite someone
      </h2>
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
        <TextField
          id="invite-email"
          label="Email"
          errors={errors.email}
          type="email"
          value={email}
          onValueChange={setEmail}
          maxLength={320}
          autoComplete="off"
        />
        <Field id="invite-role" label="Role" errors={errors.role}>
          {(describedBy) => (
            <select
              id="invite-role"
              value={role}
              onChange={(e) => setRole(e.target.value as RoleOption["value"])}
              className={inputClass}
              aria-describedby={describedBy}
            >
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" variant="primary" disabled={pending}>
        Send invitation
      </Button>
      {made ? <OneTimeLink label="Invitation link" link={made.link} note={made.note} /> : null}
    </form>
  );
}

export function RevokeInviteButton({ inviteId, email }: { inviteId: string; email: string }) {
  const { error, pending, run } = useServerAction();
  return (
    <span className="space-y-1">
      <Button
        variant="danger"
        disabled={pending}
        onClick={() =>
          run(
            () => revokeInviteAction({ inviteId }),
            () => null,
          )
        }
      >
        Withdraw<span className="sr-only"> the invitation to {email}</span>
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </span>
  );
}

type PersonRow = { id: string; name: string; email: string; role: RoleOption["value"]; active: boolean; twoFactor: boolean; isSelf: boolean };

/** Role, deactivation, password reset link and two-factor removal for one person: a cell of the people table. */
export function PersonControls({ person, roles }: { person: PersonRow; roles: RoleOption[] }) {
  const [role, setRole] = useState(person.role);
  const [link, setLink] = useState<{ link: string; note: string } | null>(null);
  const { error, done, pending, run } = useServerAction();
  const id = `person-${person.id}`;

  function changeRole(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const label = roles.find((r) => r.value === role)?.label ?? role;
    run(
      () => changeUserRoleAction({ userId: person.id, role }),
      () => `${person.name} is now ${label.toLowerCase()}. Their sessions have ended; they sign in again.`,
    );
  }

  return (
    <div className="space-y-2">
      <form onSubmit={changeRole} className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${id}-role`} className="block text-xs font-semibold">
            Role for {person.name}
          </label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as RoleOption["value"])} className={inputClass}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={pending || role === person.role}>
          Change role<span className="sr-only"> of {person.name}</span>
        </Button>
      </form>
      <div className="flex flex-wrap gap-2">
        {person.active ? (
          person.isSelf ? null : (
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                run(
                  () => setUserActiveAction({ userId: person.id, active: false }),
                  () => `Deactivated ${person.name}. They were signed out and cannot sign in.`,
                )
              }
            >
              Deactivate<span className="sr-only"> {person.name}</span>
            </Button>
          )
        ) : (
          <Button
            disabled={pending}
            onClick={() =>
              run(
                () => setUserActiveAction({ userId: person.id, active: true }),
                () => `Reactivated ${person.name}. They can sign in again.`,
              )
            }
          >
            Reactivate<span className="sr-only"> {person.name}</span>
          </Button>
        )}
        {person.active ? (
          <Button
            disabled={pending}
            onClick={() =>
              run(
                () => createPasswordResetLinkAction({ userId: person.id }),
                (result) => {
                  setLink({ link: result.link, note: `${emailNote(result, person.name)} It expires ${new Date(result.expiresAt).toLocaleString()}.` });
                  return null;
                },
                { refresh: false },
              )
            }
          >
            Make password reset link<span className="sr-only"> for {person.name}</span>
          </Button>
        ) : null}
        {person.twoFactor ? (
          <Button
            disabled={pending}
            onClick={() =>
              run(
                () => removeUserTwoFactorAction({ userId: person.id }),
                () => `Turned off two-factor sign-in for ${person.name}. They can set it up again on their profile.`,
              )
            }
          >
            Turn off two-factor<span className="sr-only"> for {person.name}</span>
          </Button>
        ) : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
      {link ? <OneTimeLink label={`Password reset link for ${person.name}`} link={link.link} note={link.note} /> : null}
    </div>
  );
}

export function RoleTwoFactorToggle({ role, label, required }: { role: RoleOption["value"]; label: string; required: boolean }) {
  const { error, done, pending, run } = useServerAction();
  // Shown at once; put back if the server refuses.
  const [checked, setChecked] = useState(required);
  const id = `require-2fa-${role.toLowerCase()}`;
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={pending}
          onChange={(e) => {
            const requireTwoFactor = e.target.checked;
            setChecked(requireTwoFactor);
            run(
              () => setRoleTwoFactorAction({ role, requireTwoFactor }),
              () =>
                requireTwoFactor
                  ? `${label}s must now use two-factor sign-in; those without it set it up at their next request.`
                  : `${label}s may now sign in without two-factor.`,
              { onError: () => setChecked(!requireTwoFactor) },
            );
          }}
          className="size-4"
        />
        <label htmlFor={id} className="text-sm font-semibold">
          Require two-factor sign-in for {label.toLowerCase()}s
        </label>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
    </div>
  );
}

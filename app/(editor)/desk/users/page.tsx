import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { listPeopleForAdmin } from "@/lib/users/queries";
import { PASSWORD_RULES } from "@/lib/users/schemas";
import { ListTable, type Column } from "@/components/ui/list-page";
import { InviteForm, PersonControls, RevokeInviteButton, RoleTwoFactorToggle } from "./people-forms";

export const metadata: Metadata = { title: "People · Newsroom" };

const ROLES = (Object.keys(ROLE_LABELS) as (keyof typeof ROLE_LABELS)[]).map((value) => ({ value, label: ROLE_LABELS[value] }));

const INVITE_COLUMNS: Column[] = [{ label: "Email" }, { label: "Role" }, { label: "Invited by" }, { label: "Link works until" }, { label: "Change" }];
const PEOPLE_COLUMNS: Column[] = [
  { label: "Name" },
  { label: "Email" },
  { label: "Role" },
  { label: "Status" },
  { label: "Last sign-in" },
  { label: "Change" },
];

export default async function PeoplePage() {
  const actor = await requireActorOrRedirect("/desk/users");
  // Only admins may see who has an account; to everyone else the page does not exist.
  if (!can(actor, "user.manage")) notFound();
  const [{ users, invites, roleRules, activeAdmins }, { timeZone }] = await Promise.all([listPeopleForAdmin(actor), getSiteSettings()]);
  const when = (date: Date | null) => (date ? formatApDateTime(date, timeZone) : "Never");

  return (
    <main id="main" className="mx-auto max-w-6xl space-y-12 px-4 py-8">
      <div>
        <h1 className="font-serif text-3xl font-bold">People</h1>
        <p className="mt-2 text-sm text-muted">
          Invitations and password reset links work once: invitations for 7 days, reset links for 24 hours. Passwords: {PASSWORD_RULES.toLowerCase()} Sign-in is
          refused for {SIGN_IN_LIMITS.account.minutes} minutes after {SIGN_IN_LIMITS.account.points} failures on one account or {SIGN_IN_LIMITS.ip.points} from
          one address.
        </p>
      </div>

      <section className="max-w-2xl">
        <InviteForm roles={ROLES} />
      </section>

      {invites.length ? (
        <section aria-labelledby="invites-heading" className="space-y-3">
          <h2 id="invites-heading" className="font-serif text-xl font-bold">
            Invitations not yet accepted
          </h2>
          <ListTable caption="Invitations, newest first" columns={INVITE_COLUMNS} rowCount={invites.length}>
            {invites.map((invite) => (
              <tr key={invite.id} className="border-b border-rule align-top">
                <th scope="row" className="py-3 pr-4 font-semibold">
                  {invite.email}
                </th>
                <td className="py-3 pr-4">{ROLE_LABELS[invite.role]}</td>
                <td className="py-3 pr-4">{invite.invitedBy}</td>
                <td className="py-3 pr-4">{invite.expired ? `Expired ${when(invite.expiresAt)}; invite again` : when(invite.expiresAt)}</td>
                <td className="py-3">
                  <RevokeInviteButton inviteId={invite.id} email={invite.email} />
                </td>
              </tr>
            ))}
          </ListTable>
        </section>
      ) : null}

      <section aria-labelledby="people-heading" className="space-y-3">
        <h2 id="people-heading" className="font-serif text-xl font-bold">
          Everyone with an account
        </h2>
        {activeAdmins === 1 ? (
          <p className="text-sm text-muted">
            There is one active admin. Make a second before changing the first: the last admin cannot be demoted or deactivated.
          </p>
        ) : null}
        <ListTable caption="People, active first, by name" columns={PEOPLE_COLUMNS} rowCount={users.length}>
          {users.map((person) => (
            <tr key={person.id} className="border-b border-rule align-top">
              <th scope="row" className="py-3 pr-4 font-semibold">
                {person.name}
                {person.isSelf ? <span className="font-normal text-muted"> (you)</span> : null}
              </th>
              <td className="py-3 pr-4">{person.email}</td>
              <td className="py-3 pr-4">{ROLE_LABELS[person.role]}</td>
              <td className="py-3 pr-4">
                {person.active ? "Active" : "Deactivated"}
                <span className="block text-xs text-muted">{person.twoFactor ? "Two-factor on" : "Two-factor off"}</span>
              </td>
              <td className="py-3 pr-4">{when(person.lastSignInAt)}</td>
              <td className="py-3">
                <PersonControls person={person} roles={ROLES} />
              </td>
            </tr>
          ))}
        </ListTable>
      </section>

      <section aria-labelledby="two-factor-heading" className="max-w-2xl space-y-3">
        <h2 id="two-factor-heading" className="font-serif text-xl font-bold">
          Two-factor sign-in by role
        </h2>
        <p className="text-sm text-muted">
          People in a role that requires it, and who have not set it up, are sent to their profile page to set it up after signing in, and can use nothing else
          in the newsroom until they have.
        </p>
        {roleRules.map((rule) => (
          <RoleTwoFactorToggle key={rule.role} role={rule.role} label={rule.label} required={rule.requireTwoFactor} />
        ))}
      </section>
    </main>
  );
}

import { randomUUID } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { insertRows } from "@/lib/db/insert-rows";
import { authorIdOf, type Actor } from "@/lib/auth/permissions";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

// The audit trail is append-only: this module only ever creates rows, nothing in the application
// updates or deletes them, and the database refuses to (a trigger, see the audit_append_only
// migration). tests/audit.test.ts holds both to it.

type AuditWhat = {
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: InputJsonValue;
};

/**
 * Who did it: an actor (preferred: its id, when a person, and the address their request came from),
 * or, where no actor exists yet (a failed sign-in), the user id and address directly.
 */
export type AuditInput = AuditWhat & ({ actor: Actor } | { actorId: string | null; ip?: string | null });

function auditRow(event: AuditInput) {
  const who = "actor" in event ? { actorId: authorIdOf(event.actor), ip: event.actor.ip ?? null } : { actorId: event.actorId, ip: event.ip ?? null };
  return { ...who, action: event.action, entityType: event.entityType, entityId: event.entityId ?? null, data: event.data };
}

/**
 * Writes one audit event; pass the transaction of the change it records. A raw insert (insertRows),
 * not a model create: every write's transaction holds one, and a model query costs the server about
 * three times the CPU. The time is the server's, as Prisma's create would give it, so that events of
 * one transaction keep their order.
 */
export async function recordAudit(client: Db | Tx, event: AuditInput): Promise<void> {
  await insertRows(client, "AuditEvent", [{ id: randomUUID(), ...auditRow(event), createdAt: new Date() }]);
}

/** Writes many audit events in one statement (a batch of changes written together, as the import writes stories). */
export async function recordAudits(client: Db | Tx, events: AuditInput[]): Promise<void> {
  await insertRows(
    client,
    "AuditEvent",
    events.map((event) => ({ id: randomUUID(), ...auditRow(event) })),
  );
}

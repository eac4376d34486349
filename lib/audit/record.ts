import type { Db, Tx } from "@/lib/db/client";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

export type AuditInput = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: InputJsonValue;
  ip?: string | null;
};

/** Writes one audit event; pass the transaction of the change it records. */
export async function recordAudit(client: Db | Tx, event: AuditInput): Promise<void> {
  await client.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      data: event.data,
      ip: event.ip ?? null,
    },
  });
}

import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

// Many rows into one table in one statement whose only parameter is the rows as JSON: PostgreSQL
// reads them with jsonb_populate_recordset, converting each value to its column's type (timestamps
// from ISO text, enums from their names, jsonb columns from nested JSON). For bulk writes (an
// archive's import): Prisma's createMany turns every value into its query plan, which costs the
// server about as much CPU as the database spends writing the rows.
//
// The rows are typed as Prisma's createMany input of that model, but what Prisma fills in itself is
// not filled in here: give ids (randomUUID) and @updatedAt columns explicitly. Columns left out take
// the database's defaults. Every row must have the same columns as the first.

type CreateManyRow<M extends Prisma.ModelName> = Exclude<Prisma.TypeMap["model"][M]["operations"]["createMany"]["args"]["data"], readonly unknown[]>;

const COLUMN = /^[A-Za-z][A-Za-z0-9]*$/;

/** Inserts `rows` into the model's table; returns how many were inserted. */
export async function insertRows<M extends Prisma.ModelName>(tx: Pick<Tx, "$executeRaw">, model: M, rows: CreateManyRow<M>[]): Promise<number> {
  if (!rows.length) return 0;
  const columns = Object.keys(rows[0] as object);
  const bad = columns.find((column) => !COLUMN.test(column));
  if (bad !== undefined) throw new Error(`insertRows: "${bad}" is not a column name.`);
  const list = Prisma.raw(columns.map((column) => `"${column}"`).join(", "));
  const table = Prisma.raw(`"${model}"`);
  return tx.$executeRaw`INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, ${JSON.stringify(rows)}::jsonb)`;
}

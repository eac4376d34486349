import { hash, verify } from "@node-rs/argon2";

// Argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes): about 25 ms per hash here.
const OPTIONS = { algorithm: 2 /* Argon2id; the package exports it as a const enum */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

// The rules for new passwords (length, not the email) are in lib/users/schemas.ts.

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed sign-in, not a crash
  }
}

// Verifying against this when no account matches makes "no such email" cost as long as "wrong password".
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword("decoy password that matches nothing");
  return decoy;
}

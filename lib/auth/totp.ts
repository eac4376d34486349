import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Db, Tx } from "@/lib/db";

// Two-factor sign-in with time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30-second steps,
// what every authenticator app speaks). A code is accepted for the step before, the current step and
// the step after (clock drift of up to 30 seconds either way), and never twice: the step of the last
// accepted code is stored, and only a later step is accepted after it.

const ISSUER = "Newsroom";
const TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return generateSecret(); // 20 random bytes, base32
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret });
}

/** The otpauth:// link as an SVG QR code, drawn on the server. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The secret grouped in fours for typing into an app by hand. */
export function formatSecretForTyping(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

export const normalizeCode = (code: string) => code.replace(/[\s-]/g, "").toLowerCase();

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(normalizeCode(code));
}

/** The time step a code is valid for, or null; steps at or before `afterTimeStep` are refused. */
export async function checkTotpCode(secret: string, code: string, afterTimeStep: number | null, epoch?: number): Promise<number | null> {
  const token = normalizeCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
    ...(epoch !== undefined ? { epoch } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/**
 * Accepts a code for a user with two-factor sign-in on, at most once: the step is recorded with a
 * conditional update, so two requests racing with the same code cannot both win.
 */
export async function consumeTotpCode(client: Db | Tx, userId: string, code: string): Promise<boolean> {
  const user = await client.user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpLastTimeStep: true } });
  if (!user?.totpSecret) return false;
  const step = await checkTotpCode(user.totpSecret, code, user.totpLastTimeStep);
  if (step === null) return false;
  const { count } = await client.user.updateMany({
    where: { id: userId, OR: [{ totpLastTimeStep: null }, { totpLastTimeStep: { lt: step } }] },
    data: { totpLastTimeStep: step },
  });
  return count === 1;
}

// Recovery codes: 10 random characters from a 32-letter alphabet without look-alikes (no i, l, o;
// 50 bits each), shown as "abcde-fghjk". They are random, not chosen by people, so a fast SHA-256 is
// enough to store them.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz123456789";

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeCode(code)).digest("hex");
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Replaces a user's recovery codes with new ones; returns the codes, to be shown once. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/** Uses up one recovery code; false when it is unknown or was used before. Returns the codes left. */
export async function consumeRecoveryCode(client: Db | Tx, userId: string, code: string): Promise<{ ok: boolean; remaining: number }> {
  const { count } = await client.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  const remaining = await client.recoveryCode.count({ where: { userId, usedAt: null } });
  return { ok: count === 1, remaining };
}

import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authorizeCredentials } from "@/lib/auth/credentials";
import { randomUUID } from "node:crypto";
import { resolveActor } from "@/lib/auth/actor";
import { endSession, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { createUser } from "./support/factories";

describe("signing in", () => {
  it("accepts the right password, case-insensitively on the email, and records it", async () => {
    const { user, password } = await createUser("EDITOR");
    const result = await authorizeCredentials({ email: `  ${user.email.toUpperCase()} `, password });
    expect(result).toMatchObject({ kind: "ok", user: { id: user.id, sessionVersion: 1 } });
    expect(result.kind === "ok" && result.user).not.toHaveProperty("passwordHash");
    expect(await db().auditEvent.count({ where: { actorId: user.id, action: "auth.sign_in" } })).toBe(1);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
  });

  it("answers a wrong password, an unknown email and a deactivated account the same way", async () => {
    const { user, password } = await createUser("REPORTER");
    const inactive = await createUser("REPORTER", { active: false });
    const invalid = { kind: "invalid" };
    expect(await authorizeCredentials({ email: user.email, password: `${password}x` })).toEqual(invalid);
    expect(await authorizeCredentials({ email: "nobody@newsroom.test", password })).toEqual(invalid);
    expect(await authorizeCredentials({ email: inactive.user.email, password: inactive.password })).toEqual(invalid);
    expect(await authorizeCredentials({ email: "not an email", password })).toEqual(invalid);
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in_failed" } })).toBeGreaterThanOrEqual(3);
  });

  it("stores a slow hash, never the password", async () => {
    const { user, password } = await createUser("REPORTER");
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(password);
  });
});

describe("a session", () => {
  it("stops working at its next request once the user is deactivated", async () => {
    const { user } = await createUser("EDITOR");
    const session = { userId: user.id, sessionVersion: user.sessionVersion };
    expect(await resolveActor(session)).toMatchObject({ id: user.id, role: "EDITOR" });
    await db().user.update({ where: { id: user.id }, data: { active: false } });
    expect(await resolveActor(session)).toBeNull();
  });

  it("ends when its version is bumped (a role or password change) and reads the role from the database", async () => {
    const { user } = await createUser("EDITOR");
    const session = { userId: user.id, sessionVersion: user.sessionVersion };
    await db().user.update({ where: { id: user.id }, data: { role: "REPORTER", sessionVersion: { increment: 1 } } });
    expect(await resolveActor(session)).toBeNull();
    expect(await resolveActor({ userId: user.id, sessionVersion: user.sessionVersion + 1 })).toMatchObject({ role: "REPORTER" });
  });

  it("signing out ends that session and every copy of its cookie, not the person's other sessions", async () => {
    const { user } = await createUser("EDITOR");
    const laptop = { userId: user.id, sessionVersion: user.sessionVersion, sessionId: randomUUID(), signedInAt: Date.now() };
    const phone = { ...laptop, sessionId: randomUUID() };
    await endSession(laptop, "203.0.113.9");
    expect(await resolveActor({ ...laptop })).toBeNull();
    expect(await resolveActor(phone)).toMatchObject({ id: user.id });
    expect(await db().auditEvent.count({ where: { actorId: user.id, action: "auth.sign_out", ip: "203.0.113.9" } })).toBe(1);
  });

  it("ends 12 hours after sign-in, however often its cookie was refreshed", async () => {
    const { user } = await createUser("EDITOR");
    const claim = { userId: user.id, sessionVersion: user.sessionVersion, sessionId: randomUUID() };
    expect(await resolveActor({ ...claim, signedInAt: Date.now() - (SESSION_MAX_AGE_SECONDS - 60) * 1000 })).toMatchObject({ id: user.id });
    expect(await resolveActor({ ...claim, signedInAt: Date.now() - (SESSION_MAX_AGE_SECONDS + 60) * 1000 })).toBeNull();
  });

  it("signing out with a cookie from before sessions had ids ends all of the person's sessions", async () => {
    const { user } = await createUser("REPORTER");
    const old = { userId: user.id, sessionVersion: user.sessionVersion };
    await endSession(old, null);
    expect(await resolveActor(old)).toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } })).sessionVersion).toBe(user.sessionVersion + 1);
  });

  it("is nobody without a user id", async () => {
    expect(await resolveActor(null)).toBeNull();
    expect(await resolveActor({})).toBeNull();
  });
});

describe("the session cookie and secret", () => {
  it("is httpOnly and SameSite=Lax, and Secure with the __Secure- prefix under https", async () => {
    const { sessionCookie } = await import("@/lib/auth/options");
    const before = process.env.NEXTAUTH_URL;
    try {
      process.env.NEXTAUTH_URL = "http://localhost:3000";
      expect(sessionCookie()).toEqual({ name: "newsroom.session", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } });
      process.env.NEXTAUTH_URL = "https://news.example.com";
      expect(sessionCookie()).toEqual({ name: "__Secure-newsroom.session", options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } });
    } finally {
      process.env.NEXTAUTH_URL = before;
    }
  });
});

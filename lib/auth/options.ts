import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db";
import { authSecret, isSecureOrigin } from "@/lib/env";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

async function authorize(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, role: true, active: true, sessionVersion: true, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !ok || !user.active) {
    await recordAudit(db(), {
      actorId: user?.id ?? null,
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      data: { email },
    });
    return null; // one message for every failure: no hint whether the email exists
  }
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, action: "auth.sign_in", entityType: "user", entityId: user.id });
  });
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize,
    }),
  ],
  callbacks: {
    // The token carries only who signed in and the session version they signed in at; role and
    // active state are read from the database on every request (lib/auth/actor.ts).
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.userId = token.sub ?? "";
      session.sessionVersion = token.sessionVersion ?? 0;
      return session;
    },
  },
  cookies: {
    sessionToken: {
      name: isSecureOrigin() ? "__Secure-newsroom.session" : "newsroom.session",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: isSecureOrigin() },
    },
  },
};

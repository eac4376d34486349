import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret, isSecureOrigin } from "@/lib/env";
import { authorizeCredentials, SIGN_IN_ERRORS } from "@/lib/auth/credentials";
import { clientIp } from "@/lib/http/client-ip";
import { endSession, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";

export { SESSION_MAX_AGE_SECONDS };

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on cross-site posts), and
 * Secure with the __Secure- prefix whenever the site's address (NEXTAUTH_URL) is https.
 */
export function sessionCookie() {
  const secure = isSecureOrigin();
  return {
    name: secure ? "__Secure-newsroom.session" : "newsroom.session",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Two-factor code", type: "text" },
      },
      async authorize(credentials) {
        const outcome = await authorizeCredentials(credentials, { ip: await clientIp() });
        switch (outcome.kind) {
          case "ok":
            return outcome.user;
          case "invalid":
            return null; // next-auth's "CredentialsSignin": the one message for every failure
          case "two-factor-required":
            throw new Error(SIGN_IN_ERRORS.twoFactorRequired);
          case "two-factor-invalid":
            throw new Error(SIGN_IN_ERRORS.twoFactorInvalid);
          case "locked":
            throw new Error(`${SIGN_IN_ERRORS.lockedPrefix}${outcome.until.getTime()}`);
          case "unavailable":
            throw new Error(SIGN_IN_ERRORS.unavailable);
        }
      },
    }),
  ],
  callbacks: {
    // The token carries only who signed in, the session version they signed in at, and this
    // session's id and start (so that signing out ends it on the server, lib/auth/sessions.ts); role
    // and active state are read from the database on every request (lib/auth/actor.ts).
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sessionVersion = user.sessionVersion;
        token.sid = randomUUID();
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      session.userId = token.sub ?? "";
      session.sessionVersion = token.sessionVersion ?? 0;
      session.sessionId = token.sid;
      session.signedInAt = token.signedInAt;
      return session;
    },
  },
  events: {
    // next-auth's own sign-out endpoint ends the session on the server too, like the newsroom's button.
    async signOut({ token }) {
      if (token)
        await endSession({ userId: token.sub, sessionVersion: token.sessionVersion, sessionId: token.sid, signedInAt: token.signedInAt }, await clientIp());
    },
  },
  cookies: { sessionToken: sessionCookie() },
};

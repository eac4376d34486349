import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret, isSecureOrigin } from "@/lib/env";
import { authorizeCredentials } from "@/lib/auth/credentials";
import { clientIp } from "@/lib/http/client-ip";

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => authorizeCredentials(credentials, await clientIp()),
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

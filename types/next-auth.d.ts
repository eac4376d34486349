import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    sessionVersion: number;
  }
  interface Session {
    userId: string;
    sessionVersion: number;
    sessionId?: string;
    signedInAt?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
    /** This session's id, from sign-in on (lib/auth/sessions.ts). */
    sid?: string;
    signedInAt?: number;
  }
}

/**
 * Signs out through next-auth's own endpoint with a plain form post, so it works the moment the page
 * is on screen (no script needed). next-auth checks the CSRF token from its cookie.
 */
export function SignOutButton({ csrfToken }: { csrfToken: string | null }) {
  return (
    <form method="post" action="/api/auth/signout">
      <input type="hidden" name="csrfToken" value={csrfToken ?? ""} />
      <input type="hidden" name="callbackUrl" value="/signin" />
      <button type="submit" className="underline underline-offset-4">
        Sign out
      </button>
    </form>
  );
}

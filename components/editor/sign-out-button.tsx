/**
 * Signs out with a plain form post to a server action, so it works the moment the page is on screen
 * (no script needed). The action is passed in by the page (components never import from app/).
 */
export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
      <button type="submit" className="underline underline-offset-4">
        Sign out
      </button>
    </form>
  );
}

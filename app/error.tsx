"use client";

// Unexpected errors end here. The detail is in the server log (with this digest); the visitor sees none of it.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-24 text-center">
      <h1 className="font-serif text-3xl font-bold">Something went wrong</h1>
      <p className="mt-4 text-muted">
        We could not show this page. Please try again in a moment.
        {error.digest ? ` (Reference: ${error.digest})` : null}
      </p>
      <button type="button" onClick={reset} className="mt-8 rounded border border-rule px-4 py-2">
        Try again
      </button>
    </main>
  );
}

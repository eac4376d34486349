import type { ReactNode } from "react";

export function Alert({ tone, children }: { tone: "error" | "success"; children: ReactNode }) {
  const colours = tone === "error" ? "border-accent text-accent" : "border-green-700 text-green-800 dark:text-green-300";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded border-l-4 bg-paper px-4 py-3 text-sm font-semibold ${colours}`}>
      {children}
    </div>
  );
}

/** What a form's last action said: its error, or what it did. */
export function FormMessages({ error, done }: { error: string | null; done?: string | null }) {
  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
    </>
  );
}

import type { ReactNode } from "react";

/** A labelled control with its hint and errors, wired with aria-describedby. */
export function Field({
  id,
  label,
  hint,
  errors,
  labelId,
  children,
}: {
  id: string;
  /** For controls a <label for> cannot name (a rich-text editor): they point at the label by this id. */
  labelId?: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} id={labelId} className="block text-sm font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {children(describedBy, Boolean(errorId))}
      {errorId ? (
        <p id={errorId} className="text-sm font-semibold text-accent">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass = "block w-full rounded border border-rule bg-paper px-3 py-2 text-base aria-[invalid=true]:border-accent aria-[invalid=true]:border-2";

import type { ButtonHTMLAttributes } from "react";

const VARIANTS = {
  primary: "bg-ink text-paper hover:opacity-90",
  secondary: "border border-rule bg-transparent hover:bg-rule/40",
  danger: "border border-accent text-accent hover:bg-accent/10",
} as const;

export function Button({ variant = "secondary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof VARIANTS }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex items-center rounded px-4 py-2 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]} ${className}`}
    />
  );
}

/** A form's submit button beside "Cancel", both held while the form's action runs. */
export function SubmitOrCancel({
  label,
  variant = "primary",
  pending,
  onCancel,
  className = "flex gap-2",
}: {
  label: string;
  variant?: keyof typeof VARIANTS;
  pending: boolean;
  onCancel: () => void;
  className?: string;
}) {
  return (
    <div className={className}>
      <Button type="submit" variant={variant} disabled={pending}>
        {label}
      </Button>
      <Button onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
    </div>
  );
}

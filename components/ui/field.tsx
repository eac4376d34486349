import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

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

/** The attributes a field's control takes from the caller: the rest is the field's wiring. */
type ControlAttributes<T> = Omit<T, "id" | "value" | "onChange" | "className" | "aria-describedby" | "aria-invalid" | "children">;

type FieldText = { id: string; label: string; hint?: string; errors?: string[] };
type Holds<V extends string> = { value: V; onValueChange: (value: V) => void };

/** What every field's control carries: its id and value, the field's hint and errors, and the look. */
function wiring<V extends string>(id: string, { value, onValueChange }: Holds<V>, describedBy: string | undefined, invalid: boolean) {
  return {
    id,
    value,
    onChange: (e: { target: { value: string } }) => onValueChange(e.target.value as V),
    className: inputClass,
    "aria-describedby": describedBy,
    "aria-invalid": invalid,
  };
}

/** A labelled control of `tag` holding `value`; any other attribute goes to the control. */
function fieldWith<Attributes>(tag: "input" | "textarea") {
  return function TextControlField({
    id,
    label,
    hint,
    errors,
    value,
    onValueChange,
    ...attributes
  }: FieldText & Holds<string> & ControlAttributes<Attributes>) {
    const Control = tag as "input";
    return (
      <Field id={id} label={label} hint={hint} errors={errors}>
        {(describedBy, invalid) => (
          <Control {...wiring(id, { value, onValueChange }, describedBy, invalid)} {...(attributes as InputHTMLAttributes<HTMLInputElement>)} />
        )}
      </Field>
    );
  };
}

/** A labelled text input holding `value`. */
export const TextField = fieldWith<InputHTMLAttributes<HTMLInputElement>>("input");
/** A labelled textarea holding `value`. */
export const TextAreaField = fieldWith<TextareaHTMLAttributes<HTMLTextAreaElement>>("textarea");

/** A labelled select of `children` (its options) holding `value`. */
export function SelectField<V extends string>({ id, label, hint, errors, value, onValueChange, children }: FieldText & Holds<V> & { children: ReactNode }) {
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      {(describedBy, invalid) => <select {...wiring(id, { value, onValueChange }, describedBy, invalid)}>{children}</select>}
    </Field>
  );
}

/** A new password typed twice, for password managers as much as for people (autocomplete "new-password"). */
export function NewPasswordFields({
  ids,
  labels,
  rules,
  values,
  errors,
  onValueChange,
}: {
  ids: { password: string; confirm: string };
  labels: { password: string; confirm: string };
  /** What a password must be, shown under the first field. */
  rules: string;
  values: { password: string; confirmPassword: string };
  errors: Record<string, string[] | undefined>;
  onValueChange: (key: "password" | "confirmPassword", value: string) => void;
}) {
  return (
    <>
      <TextField
        id={ids.password}
        label={labels.password}
        hint={rules}
        errors={errors.password}
        type="password"
        value={values.password}
        onValueChange={(value) => onValueChange("password", value)}
        autoComplete="new-password"
        maxLength={1024}
      />
      <TextField
        id={ids.confirm}
        label={labels.confirm}
        errors={errors.confirmPassword}
        type="password"
        value={values.confirmPassword}
        onValueChange={(value) => onValueChange("confirmPassword", value)}
        autoComplete="new-password"
        maxLength={1024}
      />
    </>
  );
}

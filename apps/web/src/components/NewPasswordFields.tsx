import { PasswordInput } from '@mantine/core';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

/**
 * A new password typed twice (at least 10 characters, the server's rule), for the forms that set one: choosing a password
 * after a one-time one, resetting it from a link, accepting an invitation. `name` is the field the API calls it, so its
 * errors land beside it; the repetition is the form's `repeat` field and never leaves the browser.
 */
export function NewPasswordFields<T extends FieldValues & { repeat: string }>({
  form,
  name,
  emptyMessage,
}: {
  form: UseFormReturn<T>;
  name: Path<T>;
  /** Said when the new password is left empty. */
  emptyMessage: string;
}) {
  const repeat = 'repeat' as Path<T>;
  return (
    <>
      <PasswordInput
        label="New password"
        description="At least 10 characters."
        autoComplete="new-password"
        required
        {...form.register(name, { required: emptyMessage, minLength: { value: 10, message: 'Use at least 10 characters.' } })}
        error={form.getFieldState(name, form.formState).error?.message}
      />
      <PasswordInput
        label="Repeat the new password"
        autoComplete="new-password"
        required
        {...form.register(repeat, {
          required: 'Repeat the new password.',
          validate: (value) => value === form.getValues(name) || 'The two passwords differ.',
        })}
        error={form.getFieldState(repeat, form.formState).error?.message}
      />
    </>
  );
}

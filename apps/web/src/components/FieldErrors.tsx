import { Alert, Text } from '@mantine/core';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { ApiError, errorMessage } from '../api/client';
import { fieldSentence, problemSummary } from '../app/problems';

/** The sentence beside a field for one API field error (the shared wording of app/problems). */
export function sentence(message: string, field = ''): string {
  return fieldSentence({ field, message });
}

/**
 * The part of a failed form submission no field shows: the problem's own sentence, and any field errors for fields the
 * form does not have (in words, never the field's code). Field errors of `fields` are shown beside those fields instead.
 */
export function FormProblem({ error, title, fields = [] }: { error: unknown; title: string; fields?: readonly string[] }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const own = (f: string) => fields.some((name) => f === name || f.startsWith(`${name}.`) || f.startsWith(`${name}[`));
  const leftover = (problem?.errors ?? []).filter((e) => !own(e.field));
  const handledBeside = (problem?.errors ?? []).length > 0 && leftover.length === 0;
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      <Text size="sm" c="red.9">
        {handledBeside ? 'Please correct the fields marked above.' : problem ? problemSummary(problem) : errorMessage(error)}
      </Text>
      {leftover.length > 0 && (
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {leftover.map((e) => (
            <li key={e.field + e.message}>
              <Text size="sm" c="red.9">
                {fieldSentence(e, problem?.code)}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/** Where a field error shows in a react-hook-form form: its own path (`salary.max`), or the list it is an item of (`officeIds`). */
function formPath(field: string, name: string): string {
  const rest = field.slice(name.length).replace(/\[(\d+)\]/g, '.$1');
  const parts = rest.split('.').filter(Boolean);
  if (parts.length === 0 || /^\d+$/.test(parts[0])) return name;
  return [name, ...parts].join('.');
}

/**
 * Puts each field error of a failed submission beside its field, in a sentence, and moves focus (and so the view) to
 * the first field in `fields` order that has one. Returns whether any field took an error.
 */
export function showFieldErrors<T extends FieldValues>(
  error: unknown,
  form: Pick<UseFormReturn<T>, 'setError' | 'setFocus'>,
  fields: readonly string[],
): boolean {
  if (!(error instanceof ApiError)) return false;
  let first: string | undefined;
  for (const name of fields) {
    const mine = error.fieldErrors.filter((e) => e.field === name || e.field.startsWith(`${name}.`) || e.field.startsWith(`${name}[`));
    const byPath = new Map<string, string[]>();
    for (const e of mine) {
      const path = formPath(e.field, name);
      byPath.set(path, [...(byPath.get(path) ?? []), fieldSentence(e, error.problem.code)]);
    }
    for (const [path, messages] of byPath) {
      form.setError(path as Path<T>, { type: 'server', message: messages.join(' ') });
      first ??= path;
    }
  }
  if (first) form.setFocus(first as Path<T>, { shouldSelect: false });
  return first !== undefined;
}

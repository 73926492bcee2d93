import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorMessage, Role } from '../api/client';
import { useAuth } from '../app/auth';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center p="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text ml="sm">{label}…</Text>
    </Center>
  );
}

export function ErrorAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <Alert color="red" title={problem?.title ?? title} role="alert" variant="light">
      <Text size="sm" c="red.9">
        {errorMessage(error)}
      </Text>
      {problem?.errors && problem.errors.length > 0 && (
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {problem.errors.map((e) => (
            <li key={e.field + e.message}>
              <Text size="sm" c="red.9">
                <code>{e.field}</code>: {e.message}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/**
 * Puts each problem+json field error next to the form field it names. Returns the errors no field took,
 * which the caller shows above the form. Nothing the user typed is reset.
 */
export function applyProblem<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
): { field: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const leftover: { field: string; message: string }[] = [];
  for (const e of error.fieldErrors) {
    const field = fields.find((f) => e.field === f || e.field.startsWith(`${f}.`) || e.field.startsWith(`${f}[`));
    if (field) setError(e.field === field ? (field as Path<T>) : (e.field as Path<T>), { type: 'server', message: e.message });
    else leftover.push(e);
  }
  return leftover;
}

/** The message(s) a problem+json gives for one field (or its sub-fields), for a field outside react-hook-form. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.fieldErrors.filter((e) => e.field === field || e.field.startsWith(`${field}.`)).map((e) => e.message);
  return messages.length ? messages.join(' ') : undefined;
}

export function PageTitle({ children, sub }: { children: ReactNode; sub?: ReactNode }) {
  return (
    <Stack gap={2} mb="md">
      <Title order={1} size="h2">
        {children}
      </Title>
      {sub && (
        <Text c="dimmed" size="sm">
          {sub}
        </Text>
      )}
    </Stack>
  );
}

/** Screens a role may not use show this instead (the API refuses them too). */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  if (!hasRole(...roles)) {
    return (
      <Alert color="orange" title="Not available for your role" role="alert">
        This page is not part of your role's work in Hireloop.
      </Alert>
    );
  }
  return <>{children}</>;
}

export const fmtDate = (iso?: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const fmtDay = (iso?: string | null) => (iso ? new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '—');
export const fmtMoney = (amount: number, currency: string, period?: string) =>
  `${new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount)}${period ? ` / ${period.toLowerCase()}` : ''}`;
export const humanDuration = (seconds: number) => {
  const days = Math.floor(seconds / 86400);
  if (days >= 1) return `${days}d`;
  const hours = Math.floor(seconds / 3600);
  return hours >= 1 ? `${hours}h` : `${Math.max(1, Math.floor(seconds / 60))}m`;
};

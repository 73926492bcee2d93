import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { MouseEvent, ReactNode, useEffect, useRef } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorMessage, Role } from '../api/client';
import { useAuth } from '../app/auth';
import { fieldLines, fieldSentence, problemHeading } from '../app/problems';
import { label } from '../app/labels';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center p="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text ml="sm">{label}…</Text>
    </Center>
  );
}

/**
 * The error summary: a heading and one sentence for the problem (app/problems.tsx), and each field error as
 * "Label: sentence" with a link that focuses its field. When it appears it moves focus to the first field the
 * problem names (`aria-invalid`) or, when no field on screen takes it, to itself, scrolled into view: an error
 * is never off-screen while the click seems to do nothing.
 */
export function ErrorAlert({ error, title, focus = true }: { error: unknown; title?: string; focus?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!error || !focus || !ref.current) return;
    focusProblem(ref.current);
  }, [error, focus]);
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const lines = problem ? fieldLines(problem) : [];
  return (
    <Alert
      ref={ref}
      color="red"
      title={title ?? (problem ? problemHeading(problem) : 'Something went wrong')}
      role="alert"
      variant="light"
      tabIndex={-1}
      data-problem-summary
    >
      <Text size="sm" c="red.9">
        {errorMessage(error)}
      </Text>
      {lines.length > 0 && (
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {lines.map((l) => (
            <li key={l.field + l.text}>
              <Text size="sm" c="red.9">
                <a href={`#${fieldDomId(l.field)}`} onClick={(e) => focusField(e, l.field)} style={{ color: 'inherit' }}>
                  {l.label}
                </a>
                : {l.text}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/** An id for a field path, usable as an anchor: give it to the input (`id={fieldDomId('salary.min')}`) to link the summary. */
export const fieldDomId = (field: string) => `field-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

function findField(field: string, scope: ParentNode = document): HTMLElement | null {
  const byId = document.getElementById(fieldDomId(field));
  if (byId) return byId;
  const escaped = field.replace(/["\\]/g, '');
  return scope.querySelector<HTMLElement>(`[name="${escaped}"]`);
}

function focusField(event: MouseEvent<HTMLAnchorElement>, field: string) {
  const target = findField(field);
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView?.({ block: 'center' });
  target.focus();
}

/** Focus the first invalid field near the summary (its form, else the page), else the summary itself. */
function focusProblem(summary: HTMLElement) {
  requestAnimationFrame(() => {
    const scope = summary.closest('form') ?? summary.parentElement ?? document;
    const invalid = scope.querySelector<HTMLElement>('[aria-invalid="true"]') ?? document.querySelector<HTMLElement>('main [aria-invalid="true"]');
    const target = invalid ?? summary;
    target.scrollIntoView?.({ block: 'center' });
    target.focus({ preventScroll: true });
  });
}

/**
 * Puts each problem+json field error next to the form field it names, in words (app/problems.tsx), and focuses the
 * first such field (react-hook-form scrolls it into view). Returns the errors no field took, which the caller shows
 * above the form (ErrorAlert lists them too). Nothing the user typed is reset.
 */
export function applyProblem<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
): { field: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const leftover: { field: string; message: string }[] = [];
  let focused = false;
  for (const e of error.fieldErrors) {
    const field = fields.find((f) => e.field === f || e.field.startsWith(`${f}.`) || e.field.startsWith(`${f}[`));
    const message = fieldSentence(e, error.problem.code);
    if (field) {
      setError(e.field === field ? (field as Path<T>) : (e.field as Path<T>), { type: 'server', message }, { shouldFocus: !focused });
      focused = true;
    } else leftover.push({ field: e.field, message });
  }
  return leftover;
}

/** The sentence(s) a problem+json gives for one field (or its sub-fields), for a field outside react-hook-form. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.fieldErrors
    .filter((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`))
    .map((e) => fieldSentence(e, error.problem.code));
  return messages.length ? [...new Set(messages)].join(' ') : undefined;
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
  `${new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount)}${period ? ` ${label('period', period)}` : ''}`;
export const humanDuration = (seconds: number) => {
  const days = Math.floor(seconds / 86400);
  if (days >= 1) return `${days}d`;
  const hours = Math.floor(seconds / 3600);
  return hours >= 1 ? `${hours}h` : `${Math.max(1, Math.floor(seconds / 60))}m`;
};

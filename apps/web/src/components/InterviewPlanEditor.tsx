import { ActionIcon, Button, Group, NativeSelect, NumberInput, Paper, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, Schemas, unwrap } from '../api/client';
import { fieldSentence } from '../app/problems';

export type StageKind = Schemas['StageInputDto']['kind'];

/** One row of the editor: `key` is the row's identity in the UI (stable across reorders); `id` names an existing stage of a job. */
export interface PlanStage {
  key: string;
  id?: string;
  name: string;
  kind: StageKind;
  kitKey: string | null;
  slaDays: number | null;
}

export type PlanField = 'name' | 'kind' | 'kitKey' | 'slaDays' | 'id';
/** Errors by row key: per field, and `stage` for a problem about the whole stage (e.g. it holds applications). */
export type PlanErrors = Record<string, Partial<Record<PlanField | 'stage', string>>>;

export const MAX_STAGES = 30;
export const MAX_STAGE_NAME = 100;

export const STAGE_KINDS: { value: StageKind; label: string }[] = [
  { value: 'application_review', label: 'Application review' },
  { value: 'recruiter_screen', label: 'Recruiter screen' },
  { value: 'take_home', label: 'Take-home' },
  { value: 'technical_interview', label: 'Technical interview' },
  { value: 'system_design', label: 'System design' },
  { value: 'hiring_manager', label: 'Hiring manager' },
  { value: 'reference_check', label: 'Reference check' },
  { value: 'offer', label: 'Offer' },
  { value: 'hired', label: 'Hired' },
  { value: 'other', label: 'Other' },
];

let nextKey = 0;
const newKey = () => `stage-${++nextKey}`;

/**
 * The plan a new job gets when none is sent — mirrors defaultInterviewPlan() of libs/jobs/src/interview-plan.ts.
 * The new-job form only sends a plan once the recruiter edits it, so the server's default stays the source of truth.
 */
export function defaultPlan(): PlanStage[] {
  return [
    { name: 'Application review', kind: 'application_review' as const, kitKey: null, slaDays: 3 },
    { name: 'Recruiter screen', kind: 'recruiter_screen' as const, kitKey: 'recruiter-screen', slaDays: 5 },
    { name: 'Take-home exercise', kind: 'take_home' as const, kitKey: 'take-home-review', slaDays: 7 },
    { name: 'Technical interview', kind: 'technical_interview' as const, kitKey: null, slaDays: 5 },
    { name: 'System design', kind: 'system_design' as const, kitKey: 'rate-limiter-design', slaDays: 5 },
    { name: 'Hiring manager conversation', kind: 'hiring_manager' as const, kitKey: null, slaDays: 5 },
    { name: 'Offer', kind: 'offer' as const, kitKey: null, slaDays: 7 },
    { name: 'Hired', kind: 'hired' as const, kitKey: null, slaDays: null },
  ].map((s) => ({ ...s, key: newKey() }));
}

/** Editor rows from a job's stages (ids kept, so a save renames/moves them rather than replacing them). */
export function planFromStages(stages: Schemas['StageDto'][]): PlanStage[] {
  return [...stages]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ key: s.id, id: s.id, name: s.name, kind: s.kind, kitKey: s.kitKey, slaDays: s.slaDays }));
}

/** What the API takes (StageInputDto[]); new rows carry no id. */
export function toStageInput(rows: PlanStage[], withIds = true): Schemas['StageInputDto'][] {
  return rows.map((r) => ({
    ...(withIds && r.id ? { id: r.id } : {}),
    name: r.name.trim(),
    kind: r.kind,
    kitKey: r.kitKey || null,
    slaDays: r.slaDays ?? null,
  }));
}

/** Checks what the API would refuse anyway, so the recruiter sees it before sending. */
export function validatePlan(rows: PlanStage[]): PlanErrors {
  const errors: PlanErrors = {};
  for (const r of rows) {
    const e: PlanErrors[string] = {};
    if (!r.name.trim()) e.name = 'Name the stage';
    else if (r.name.trim().length > MAX_STAGE_NAME) e.name = `At most ${MAX_STAGE_NAME} characters`;
    if (r.slaDays !== null && (!Number.isInteger(r.slaDays) || r.slaDays < 1 || r.slaDays > 365)) e.slaDays = 'A whole number of days from 1 to 365, or empty';
    if (Object.keys(e).length) errors[r.key] = e;
  }
  return errors;
}

/** What follows the body field in a row's error: `.2.name`, `[2]`, `[2].kind`. */
const ROW_FIELD = /^(?:\.|\[)(\d+)\]?(?:\.(\w+))?/;

/**
 * Maps problem+json field errors about the plan (`interviewPlan.2.name`, `stages.2`, …) onto the rows that were sent,
 * by row key, so they stay next to their stage even if the recruiter reorders afterwards. `prefix` is the body field
 * (`interviewPlan` on create, `stages` on replace). Returns the errors no row took (e.g. about a removed stage).
 */
export function planErrorsFromProblem(
  error: unknown,
  prefix: string,
  sent: PlanStage[],
): { errors: PlanErrors; leftover: { field: string; message: string }[] } {
  const errors: PlanErrors = {};
  const leftover: { field: string; message: string }[] = [];
  if (!(error instanceof ApiError)) return { errors, leftover };
  for (const e of error.fieldErrors) {
    const match = e.field.startsWith(prefix) ? ROW_FIELD.exec(e.field.slice(prefix.length)) : null;
    const row = match ? sent[Number(match[1])] : undefined;
    if (!match || !row) {
      if (e.field === prefix || e.field.startsWith(`${prefix}.`) || e.field.startsWith(`${prefix}[`))
        leftover.push({ field: e.field, message: fieldSentence(e, error.problem.code) });
      continue;
    }
    const field = (['name', 'kind', 'kitKey', 'slaDays', 'id'] as const).find((f) => f === match[2]) ?? 'stage';
    const message = fieldSentence(e, error.problem.code);
    errors[row.key] = { ...errors[row.key], [field]: errors[row.key]?.[field] ? `${errors[row.key]?.[field]} ${message}` : message };
  }
  return { errors, leftover };
}

/** True when the error is about the plan field (so forms can leave it out of their other field handling). */
export const isPlanField = (field: string, prefix: string) => field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`);

export interface InterviewPlanEditorProps {
  value: PlanStage[];
  onChange: (next: PlanStage[]) => void;
  errors?: PlanErrors;
  /** Heading-less label of the list, for screen readers. */
  label?: string;
  disabled?: boolean;
}

type PendingFocus = { key: string; target: 'up' | 'down' | 'name' } | { key: null; target: 'add' } | null;

/**
 * An ordered list editor for a job's interview plan: name, kind, interview kit and SLA per stage; add, remove and
 * move up/down with buttons that work from the keyboard (focus follows the moved stage, a live region says where it went).
 * Field errors (client or server) sit under the field they name; a whole-stage error under the stage.
 */
export function InterviewPlanEditor({ value, onChange, errors = {}, label = 'Interview plan', disabled = false }: InterviewPlanEditorProps) {
  const kits = useQuery({
    queryKey: ['interview-kits', 'all'],
    queryFn: () => unwrap(api.GET('/v1/interview-kits', { params: { query: { limit: 100 } } })),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const [announcement, setAnnouncement] = useState('');
  const [pendingFocus, setPendingFocus] = useState<PendingFocus>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!pendingFocus) return;
    if (pendingFocus.target === 'add') addRef.current?.focus();
    else {
      const row = Array.from(listRef.current?.querySelectorAll<HTMLElement>('[data-row-key]') ?? []).find((el) => el.dataset.rowKey === pendingFocus.key);
      const wanted = row?.querySelector<HTMLElement>(`[data-focus="${pendingFocus.target}"]`);
      // A move button that just became disabled (top or bottom reached) cannot hold focus: use the other one.
      const other = row?.querySelector<HTMLElement>(`[data-focus="${pendingFocus.target === 'up' ? 'down' : 'up'}"]`);
      if (wanted && !(wanted as HTMLButtonElement).disabled) wanted.focus();
      else if (other && !(other as HTMLButtonElement).disabled) other.focus();
      else row?.querySelector<HTMLElement>('[data-focus="name"]')?.focus();
    }
    setPendingFocus(null);
  }, [pendingFocus, value]);

  const kitOptions = (current: string | null) => {
    const list = (kits.data?.data ?? []).map((k) => ({ value: k.key, label: `${k.title} (${k.key})` }));
    // A kit key the list does not (yet) hold still shows, so nothing saved is silently dropped.
    if (current && !list.some((o) => o.value === current)) list.unshift({ value: current, label: current });
    return [{ value: '', label: 'No kit' }, ...list];
  };

  const update = (key: string, patch: Partial<PlanStage>) => onChange(value.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const move = (index: number, delta: -1 | 1) => {
    const to = index + delta;
    if (to < 0 || to >= value.length) return;
    const next = [...value];
    const [row] = next.splice(index, 1);
    next.splice(to, 0, row);
    onChange(next);
    setAnnouncement(`${row.name || 'Unnamed stage'} moved to position ${to + 1} of ${next.length}.`);
    setPendingFocus({ key: row.key, target: delta < 0 ? 'up' : 'down' });
  };
  const remove = (index: number) => {
    const row = value[index];
    const next = value.filter((_, i) => i !== index);
    onChange(next);
    setAnnouncement(`${row.name || 'Unnamed stage'} removed.`);
    const neighbour = next[Math.min(index, next.length - 1)];
    setPendingFocus(neighbour ? { key: neighbour.key, target: 'name' } : { key: null, target: 'add' });
  };
  const add = () => {
    const row: PlanStage = { key: newKey(), name: '', kind: 'other', kitKey: null, slaDays: 5 };
    onChange([...value, row]);
    setAnnouncement(`Stage ${value.length + 1} added.`);
    setPendingFocus({ key: row.key, target: 'name' });
  };

  return (
    <Stack gap="xs" data-testid="interview-plan-editor">
      <ol ref={listRef} aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
        {value.map((row, i) => {
          const e = errors[row.key] ?? {};
          const n = i + 1;
          const title = row.name.trim() || 'unnamed';
          const stageErrorId = `${row.key}-stage-error`;
          return (
            <li key={row.key} data-row-key={row.key} data-testid="plan-stage">
              <Paper withBorder p="xs" style={e.stage ? { borderColor: 'var(--mantine-color-red-7)' } : undefined}>
                <Group align="flex-start" gap="xs" wrap="wrap">
                  <Text fw={600} size="sm" mt={30} w={22} aria-hidden>
                    {n}.
                  </Text>
                  <TextInput
                    data-focus="name"
                    style={{ flex: '2 1 180px' }}
                    label={
                      <>
                        <VisuallyHidden>Stage {n}</VisuallyHidden> Name
                      </>
                    }
                    value={row.name}
                    maxLength={MAX_STAGE_NAME}
                    required
                    disabled={disabled}
                    onChange={(ev) => update(row.key, { name: ev.currentTarget.value })}
                    error={e.name}
                  />
                  <NativeSelect
                    style={{ flex: '1 1 150px' }}
                    label={
                      <>
                        <VisuallyHidden>Stage {n}</VisuallyHidden> Kind
                      </>
                    }
                    data={STAGE_KINDS}
                    value={row.kind}
                    disabled={disabled}
                    onChange={(ev) => update(row.key, { kind: ev.currentTarget.value as StageKind })}
                    error={e.kind}
                  />
                  <NativeSelect
                    style={{ flex: '1 1 170px' }}
                    label={
                      <>
                        <VisuallyHidden>Stage {n}</VisuallyHidden> Interview kit
                      </>
                    }
                    data={kitOptions(row.kitKey)}
                    value={row.kitKey ?? ''}
                    disabled={disabled}
                    onChange={(ev) => update(row.key, { kitKey: ev.currentTarget.value || null })}
                    error={e.kitKey}
                  />
                  <NumberInput
                    style={{ flex: '0 1 110px' }}
                    label={
                      <>
                        <VisuallyHidden>Stage {n}</VisuallyHidden> SLA (days)
                      </>
                    }
                    min={1}
                    max={365}
                    allowDecimal={false}
                    allowNegative={false}
                    value={row.slaDays ?? ''}
                    disabled={disabled}
                    onChange={(v) => update(row.key, { slaDays: v === '' || v === undefined ? null : Number(v) })}
                    error={e.slaDays}
                  />
                  <Group gap={4} mt={24} wrap="nowrap">
                    <ActionIcon
                      variant="default"
                      size="lg"
                      data-focus="up"
                      aria-label={`Move stage ${n} (${title}) up`}
                      disabled={disabled || i === 0}
                      onClick={() => move(i, -1)}
                    >
                      <span aria-hidden>↑</span>
                    </ActionIcon>
                    <ActionIcon
                      variant="default"
                      size="lg"
                      data-focus="down"
                      aria-label={`Move stage ${n} (${title}) down`}
                      disabled={disabled || i === value.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      <span aria-hidden>↓</span>
                    </ActionIcon>
                    <Button
                      variant="default"
                      size="compact-sm"
                      h={34}
                      aria-label={`Remove stage ${n} (${title})`}
                      disabled={disabled || value.length <= 1}
                      onClick={() => remove(i)}
                    >
                      Remove
                    </Button>
                  </Group>
                </Group>
                {(e.stage || e.id) && (
                  <Text id={stageErrorId} size="sm" c="red.9" mt={4} role="alert">
                    {[e.stage, e.id].filter(Boolean).join('; ')}
                  </Text>
                )}
              </Paper>
            </li>
          );
        })}
      </ol>
      <Group justify="space-between">
        <Button ref={addRef} variant="default" onClick={add} disabled={disabled || value.length >= MAX_STAGES}>
          Add stage
        </Button>
        {kits.error ? (
          <Text size="xs" c="red.9">
            Interview kits could not be loaded; the kit keys already set are kept.
          </Text>
        ) : null}
      </Group>
      <VisuallyHidden role="status" aria-live="polite" data-testid="plan-announcement">
        {announcement}
      </VisuallyHidden>
    </Stack>
  );
}

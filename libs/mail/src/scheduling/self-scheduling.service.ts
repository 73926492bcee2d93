import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AuthUser } from '../../../identity/src/index.js';
import { canonicalTimeZone, OrganizationsService, UsersService, WorkingHoursService } from '../../../identity/src/index.js';
import {
  InterviewReadsService,
  InterviewScheduling,
  InterviewsErrorCode,
  InterviewsException,
  InterviewsService,
  InterviewStatus,
} from '../../../interviews/src/index.js';
import { JobReadsService } from '../../../jobs/src/index.js';
import { PipelineReadsService } from '../../../pipelines/src/index.js';
import { AuditService, clientAddressKey, InjectRedis, TenantContext } from '../../../platform/src/index.js';
import { MailErrorCode, MailException } from '../mail.exception.js';
import { REQUEST_COLUMNS, SchedulingRequestRow } from './scheduling-rows.js';
import { hashSchedulingToken, isSchedulingToken } from './scheduling-token.js';
import { defaultStep, freeSlots } from './slots.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** At most this many times are offered on the page (earliest first). */
export const MAX_OFFERED_SLOTS = 400;
/** Per client address: page views and bookings together. */
const IP_LIMIT = { max: 120, windowSeconds: 600 };

/** What the public page shows; `kind` decides the heading and the HTTP status. */
export interface SchedulingPage {
  kind: 'invalid' | 'throttled' | 'expired' | 'closed' | 'cancelled' | 'open' | 'booked' | 'confirmed' | 'taken' | 'not_offered' | 'cancel_done';
  status: number;
  token?: string;
  timeZone: string;
  /** True when the zone came from the address (the visitor chose it), so the script does not replace it. */
  timeZoneChosen: boolean;
  organizationName?: string;
  jobTitle?: string;
  durationMinutes?: number;
  interviewers?: string[];
  place?: string | null;
  slots?: Date[];
  booking?: { startsAt: Date; canChange: boolean; cutoff: Date };
}

interface Loaded {
  row: SchedulingRequestRow;
  actor: AuthUser | null;
  base: Omit<SchedulingPage, 'kind' | 'status'>;
}

/**
 * The candidate's side of a scheduling request, behind its public link: free times (the panel's working hours in their
 * own zones minus their interviews and the buffer, inside the window and after the notice), booking one (through
 * `InterviewScheduling.schedule`, as the requesting recruiter, recorded as booked by the candidate; the interviewers'
 * advisory locks make a race for one slot end in one booking and one 409), rescheduling and cancelling until the cut-off
 * (the notice before the interview). Nothing here trusts the page: every answer is computed again from the token.
 */
@Injectable()
export class SelfScheduling {
  private readonly logger = new Logger(SelfScheduling.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly scheduling: InterviewScheduling,
    private readonly interviews: InterviewsService,
    private readonly interviewReads: InterviewReadsService,
    private readonly hours: WorkingHoursService,
    private readonly users: UsersService,
    private readonly reads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  /** The per-address budget of the public routes: false when spent (the page answers 429); Redis down lets the request through. */
  async admit(ip: string | undefined): Promise<boolean> {
    const key = `schedule:ip:${clientAddressKey(ip)}`;
    let used: number;
    try {
      const results = (await this.redis.multi().incr(key).expire(key, IP_LIMIT.windowSeconds, 'NX').exec()) ?? [];
      used = Number(results[0]?.[1] ?? 0);
    } catch (error: unknown) {
      this.logger.warn({ error: String(error) }, 'Scheduling throttle unavailable; letting the request through');
      return true;
    }
    return used <= IP_LIMIT.max;
  }

  /** The page the link opens. */
  async view(token: string, timeZone: unknown): Promise<SchedulingPage> {
    const zone = pickZone(timeZone);
    const found = await this.find(token);
    if (!found) return { kind: 'invalid', status: 404, ...zone };
    return TenantContext.run(found.organization_id, async () => {
      const loaded = await this.load(found, token, zone);
      return this.current(loaded);
    });
  }

  /** Books (or, when booked, moves) the interview to `startsAt`: 201 confirmed, 409 taken with fresh times, 422 not a time offered. */
  async book(token: string, startsAt: unknown, timeZone: unknown): Promise<SchedulingPage> {
    const zone = pickZone(timeZone);
    const found = await this.find(token);
    if (!found) return { kind: 'invalid', status: 404, ...zone };
    return TenantContext.run(found.organization_id, async () => {
      const loaded = await this.load(found, token, zone);
      const state = await this.current(loaded);
      if (state.kind !== 'open' && !(state.kind === 'booked' && state.booking?.canChange))
        return state.kind === 'booked' ? { ...state, kind: 'closed', status: 409 } : state;
      const start = parseStart(startsAt);
      const { row } = loaded;
      const step = defaultStep(row.duration_minutes) * MINUTE_MS;
      const window = this.bounds(row);
      if (
        !start ||
        start.getTime() % step !== 0 ||
        start.getTime() < window.notBefore ||
        start.getTime() + row.duration_minutes * MINUTE_MS > window.notAfter
      ) {
        return { ...state, kind: 'not_offered', status: 422 };
      }
      try {
        await this.txHost.withTransaction(async () => {
          const [locked] = await this.txHost.tx.query<SchedulingRequestRow[]>(
            `SELECT ${REQUEST_COLUMNS} FROM scheduling_requests WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
            [row.id, row.organization_id],
          );
          if (!locked || locked.status !== row.status || locked.interview_id !== row.interview_id) throw taken();
          const free = await this.slots(locked, locked.interview_id);
          if (!free.some((s) => s.getTime() === start.getTime())) throw taken();
          const actor = loaded.actor as AuthUser;
          const options = { bufferMinutes: locked.buffer_minutes, bookedBy: 'candidate' as const };
          if (locked.status === 'open') {
            const interview = await this.scheduling.schedule(
              actor,
              locked.application_id,
              {
                stageId: locked.stage_id,
                kitId: locked.kit_id ?? undefined,
                startsAt: start.toISOString(),
                durationMinutes: locked.duration_minutes,
                interviewerIds: locked.interviewer_ids,
                location: locked.location ?? undefined,
                videoUrl: locked.video_url ?? undefined,
              },
              options,
            );
            await this.txHost.tx.query(
              `UPDATE scheduling_requests SET status = 'booked', interview_id = $3, booked_at = now(), updated_at = now() WHERE id = $1 AND organization_id = $2`,
              [locked.id, locked.organization_id, interview.id],
            );
            await this.record(locked, 'booked', { interviewId: { to: interview.id }, startsAt: { to: start.toISOString() } });
          } else {
            const current = await this.interviews.get(actor, locked.interview_id as string);
            await this.scheduling.reschedule(actor, current.id, { version: current.version, startsAt: start.toISOString() }, options);
            await this.txHost.tx.query(`UPDATE scheduling_requests SET booked_at = now(), updated_at = now() WHERE id = $1 AND organization_id = $2`, [
              locked.id,
              locked.organization_id,
            ]);
            await this.record(locked, 'rescheduled', { startsAt: { from: current.startsAt, to: start.toISOString() } });
          }
        });
      } catch (error: unknown) {
        if (isTaken(error)) {
          const fresh = await this.current(await this.load(await this.reload(row), token, zone));
          return { ...fresh, kind: 'taken', status: 409 };
        }
        throw error;
      }
      const after = await this.current(await this.load(await this.reload(row), token, zone));
      return { ...after, kind: 'confirmed', status: row.status === 'open' ? 201 : 200 };
    });
  }

  /** Cancels the booked interview from the link, until the cut-off. */
  async cancel(token: string, timeZone: unknown): Promise<SchedulingPage> {
    const zone = pickZone(timeZone);
    const found = await this.find(token);
    if (!found) return { kind: 'invalid', status: 404, ...zone };
    return TenantContext.run(found.organization_id, async () => {
      const loaded = await this.load(found, token, zone);
      const state = await this.current(loaded);
      if (state.kind !== 'booked') return state.kind === 'open' ? { ...state, kind: 'closed', status: 409 } : state;
      if (!state.booking?.canChange) return { ...state, kind: 'closed', status: 409 };
      await this.txHost.withTransaction(async () => {
        const [locked] = await this.txHost.tx.query<SchedulingRequestRow[]>(
          `SELECT ${REQUEST_COLUMNS} FROM scheduling_requests WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
          [loaded.row.id, loaded.row.organization_id],
        );
        if (!locked || locked.status !== 'booked' || !locked.interview_id) return;
        await this.scheduling.cancel(
          loaded.actor as AuthUser,
          locked.interview_id,
          { reason: 'The candidate cancelled through the scheduling link.' },
          { bookedBy: 'candidate' },
        );
        await this.txHost.tx.query(`UPDATE scheduling_requests SET status = 'cancelled', updated_at = now() WHERE id = $1 AND organization_id = $2`, [
          locked.id,
          locked.organization_id,
        ]);
        await this.record(locked, 'cancelled', { status: { from: 'booked', to: 'cancelled' } });
      });
      return { ...state, kind: 'cancel_done', status: 200, slots: [] };
    });
  }

  // --- internals -----------------------------------------------------------------------------

  /** The request a token names, whatever its organization (the link is the only thing the visitor holds). */
  private async find(token: string): Promise<SchedulingRequestRow | null> {
    if (!isSchedulingToken(token)) return null;
    const rows = await TenantContext.crossTenant('a scheduling link names its request only by its token', () =>
      this.txHost.tx.query<SchedulingRequestRow[]>(`SELECT ${REQUEST_COLUMNS} FROM scheduling_requests WHERE token_hash = $1`, [hashSchedulingToken(token)]),
    );
    return rows[0] ?? null;
  }

  private async reload(row: SchedulingRequestRow): Promise<SchedulingRequestRow> {
    const [fresh] = await this.txHost.tx.query<SchedulingRequestRow[]>(
      `SELECT ${REQUEST_COLUMNS} FROM scheduling_requests WHERE id = $1 AND organization_id = $2`,
      [row.id, row.organization_id],
    );
    return fresh ?? row;
  }

  private async load(row: SchedulingRequestRow, token: string, zone: { timeZone: string; timeZoneChosen: boolean }): Promise<Loaded> {
    const org = row.organization_id;
    const [app, organization, requester, names] = await Promise.all([
      this.reads.application(org, row.application_id),
      this.organizations.findById(org),
      row.created_by ? this.users.findInOrganization(org, [row.created_by]) : Promise.resolve([]),
      this.users.namesOf(org, row.interviewer_ids),
    ]);
    const titles = app ? await this.jobReads.titles(org, [app.jobId]) : new Map<string, string>();
    const who = requester[0];
    const actor: AuthUser | null = who?.active ? { id: who.id, organizationId: org, email: who.email, name: who.name, roles: who.roles } : null;
    return {
      row,
      actor: app && app.status === 'active' ? actor : null,
      base: {
        token,
        ...zone,
        organizationName: organization?.name ?? '',
        jobTitle: app ? (titles.get(app.jobId) ?? '') : '',
        durationMinutes: row.duration_minutes,
        interviewers: row.interviewer_ids.flatMap((id) => names.get(id) ?? []),
        place: row.location ?? (row.video_url ? 'Video call (the link is in the invitation)' : null),
      },
    };
  }

  /** The page for the request as it stands now. */
  private async current({ row, actor, base }: Loaded): Promise<SchedulingPage> {
    if (row.status === 'cancelled') return { ...base, kind: 'cancelled', status: 200 };
    if (!actor) return { ...base, kind: 'closed', status: 409 };
    if (row.status === 'booked' && row.interview_id) {
      const interview = await this.interviews.get(actor, row.interview_id).catch(() => null);
      if (!interview || interview.status === InterviewStatus.Cancelled) return { ...base, kind: 'cancelled', status: 200 };
      const startsAt = new Date(interview.startsAt);
      const cutoff = new Date(startsAt.getTime() - row.min_notice_hours * HOUR_MS);
      const canChange = Date.now() < cutoff.getTime() && Date.now() < new Date(row.window_ends_at).getTime();
      return {
        ...base,
        kind: 'booked',
        status: 200,
        booking: { startsAt, canChange, cutoff },
        slots: canChange ? await this.slots(row, row.interview_id) : [],
      };
    }
    if (new Date(row.window_ends_at).getTime() <= Date.now()) return { ...base, kind: 'expired', status: 410 };
    return { ...base, kind: 'open', status: 200, slots: await this.slots(row, null) };
  }

  private bounds(row: SchedulingRequestRow): { notBefore: number; notAfter: number } {
    return {
      notBefore: Math.max(Date.now() + row.min_notice_hours * HOUR_MS, new Date(row.window_starts_at).getTime()),
      notAfter: new Date(row.window_ends_at).getTime(),
    };
  }

  /** Free times for the whole panel (an interviewer no longer active leaves none); the candidate's own interview does not count as busy. */
  private async slots(row: SchedulingRequestRow, ownInterviewId: string | null): Promise<Date[]> {
    const { notBefore, notAfter } = this.bounds(row);
    if (notAfter <= notBefore) return [];
    const profiles = (await this.hours.profiles(row.organization_id, row.interviewer_ids)).filter((p) => p.active);
    if (profiles.length !== row.interviewer_ids.length) return [];
    const buffer = row.buffer_minutes * MINUTE_MS;
    const busy = await this.interviewReads.busyIntervals(row.organization_id, row.interviewer_ids, new Date(notBefore - buffer), new Date(notAfter + buffer));
    return freeSlots({
      notBefore,
      notAfter,
      durationMinutes: row.duration_minutes,
      bufferMinutes: row.buffer_minutes,
      limit: MAX_OFFERED_SLOTS,
      panel: profiles.map((p) => ({
        timeZone: p.timeZone,
        workingHours: p.workingHours,
        busy: busy.filter((b) => b.userId === p.id && b.interviewId !== ownInterviewId).map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })),
      })),
    });
  }

  private async record(row: SchedulingRequestRow, action: string, changes: Record<string, { from?: unknown; to?: unknown }>): Promise<void> {
    await this.audit.record({
      organizationId: row.organization_id,
      actorId: null,
      entityType: 'scheduling_request',
      entityId: row.id,
      action,
      changes: { ...changes, by: { to: 'candidate' } },
    });
  }
}

function taken(): MailException {
  return new MailException(MailErrorCode.SlotTaken, 'That time was just taken.');
}

function isTaken(error: unknown): boolean {
  return (
    (error instanceof MailException && error.code === (MailErrorCode.SlotTaken as string)) ||
    (error instanceof InterviewsException && error.code === (InterviewsErrorCode.DoubleBooked as string))
  );
}

/** A start time as the page's buttons send it (an ISO instant), bounded before parsing. */
function parseStart(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 40 || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{3})?)?Z$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The visitor's zone from the address when it is a real one (else UTC, until the script or the select changes it). */
function pickZone(value: unknown): { timeZone: string; timeZoneChosen: boolean } {
  const zone = typeof value === 'string' && value.length <= 64 ? canonicalTimeZone(value) : null;
  return zone ? { timeZone: zone, timeZoneChosen: true } : { timeZone: 'UTC', timeZoneChosen: false };
}

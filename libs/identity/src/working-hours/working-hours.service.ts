import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../platform/src/index.js';
import type { AuthUser } from '../auth/auth-user.js';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';
import { UpdateWorkingHoursDto, WorkingHoursDto } from './working-hours.dto.js';
import { canonicalTimeZone, DEFAULT_TIME_ZONE, DEFAULT_WORKING_HOURS, normaliseWorkingHours, WeeklyHours, workingHoursProblems } from './working-hours.js';

/** A user's time zone and weekly hours as self-scheduling reads them. */
export interface SchedulingProfile {
  id: string;
  name: string;
  active: boolean;
  timeZone: string;
  workingHours: WeeklyHours;
}

interface Row {
  id: string;
  name: string;
  active: boolean;
  time_zone: string | null;
  working_hours: WeeklyHours | null;
}

const userNotFound = () => new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');

/** Each user's time zone and weekly working hours: their own (`/v1/me/working-hours`), or another's for admins. */
@Injectable()
export class WorkingHoursService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  async get(actor: AuthUser, userId: string): Promise<WorkingHoursDto> {
    const [row] = await this.rows(actor.organizationId, [userId]);
    if (!row) throw userNotFound();
    return toDto(row);
  }

  async update(actor: AuthUser, userId: string, input: UpdateWorkingHoursDto): Promise<WorkingHoursDto> {
    const errors: Array<{ field: string; message: string }> = [];
    const timeZone = input.timeZone === undefined ? undefined : canonicalTimeZone(input.timeZone);
    if (timeZone === null) errors.push({ field: 'timeZone', message: 'Choose a time zone from the list, like Europe/Berlin.' });
    if (input.workingHours !== undefined) errors.push(...workingHoursProblems(input.workingHours));
    if (errors.length) throw new IdentityException(IdentityErrorCode.InvalidWorkingHours, errors[0].message, { errors });
    return this.txHost.withTransaction(async () => {
      const [before] = await this.rows(actor.organizationId, [userId], true);
      if (!before) throw userNotFound();
      const hours = input.workingHours === undefined ? before.working_hours : normaliseWorkingHours(input.workingHours);
      const zone = timeZone === undefined ? before.time_zone : timeZone;
      await this.txHost.tx.query(`UPDATE users SET time_zone = $3, working_hours = $4::jsonb, updated_at = now() WHERE id = $1 AND organization_id = $2`, [
        userId,
        actor.organizationId,
        zone,
        hours === null ? null : JSON.stringify(hours),
      ]);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'user',
        entityId: userId,
        action: 'working_hours',
        changes: {
          ...(zone !== before.time_zone ? { timeZone: { from: before.time_zone, to: zone } } : {}),
          ...(input.workingHours !== undefined ? { workingHours: { from: before.working_hours, to: hours } } : {}),
        },
      });
      return toDto({ ...before, time_zone: zone, working_hours: hours });
    });
  }

  /** The time zones and hours of the organization's users of these ids (one query; unknown ids are left out). */
  async profiles(organizationId: string, ids: readonly string[]): Promise<SchedulingProfile[]> {
    const rows = await this.rows(organizationId, [...new Set(ids)]);
    return rows.map((r) => {
      const dto = toDto(r);
      return { id: r.id, name: r.name, active: r.active, timeZone: dto.timeZone, workingHours: dto.workingHours };
    });
  }

  private rows(organizationId: string, ids: string[], lock = false): Promise<Row[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.txHost.tx.query<Row[]>(
      `SELECT id, name, active, time_zone, working_hours FROM users WHERE organization_id = $1 AND id = ANY($2::uuid[]) ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
      [organizationId, ids],
    );
  }
}

function toDto(r: Row): WorkingHoursDto {
  // A zone Intl stopped knowing (an old tzdata) falls back to the default rather than failing every read.
  const timeZone = (r.time_zone && canonicalTimeZone(r.time_zone)) || DEFAULT_TIME_ZONE;
  const workingHours = r.working_hours && workingHoursProblems(r.working_hours).length === 0 ? normaliseWorkingHours(r.working_hours) : DEFAULT_WORKING_HOURS;
  return { userId: r.id, timeZone, workingHours, isDefault: r.time_zone === null || r.working_hours === null };
}

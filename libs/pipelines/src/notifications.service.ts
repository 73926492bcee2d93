import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthUser, UsersService } from '../../identity/src/index.js';
import { decodeCursor, encodeCursor, IdempotentConsumer, Page } from '../../platform/src/index.js';
import type { MergeFollowUp } from './candidate-merge.events.js';
import { PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';
import { updateReturning } from './candidate-fields.js';

export interface NotificationView {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationRequest {
  organizationId: string;
  userIds: string[];
  kind: string;
  payload: Record<string, unknown>;
  /** Per-user idempotency key: a second request with the same key notifies nobody again. */
  dedupeKey: string;
}

/** In-app notifications: other modules send them here; users read theirs (newest first, keyset pages). */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
    private readonly users: UsersService,
  ) {}

  /**
   * Follows a candidate merge (consumer `notifications.follow-merge`, once per merge event):
   * notifications naming the merged candidate or a folded application name the survivor instead.
   */
  followMerge(event: MergeFollowUp): Promise<boolean> {
    return this.consumer.runOnce('notifications.follow-merge', event.mergeEventId, async () => {
      await this.txHost.tx.query(
        `UPDATE notifications
            SET payload = payload || jsonb_strip_nulls(jsonb_build_object(
                  'candidateId', CASE WHEN payload->>'candidateId' = $2 THEN $3 END,
                  'applicationId', $4::jsonb -> (payload->>'applicationId')))
          WHERE organization_id = $1 AND (payload->>'candidateId' = $2 OR payload->>'applicationId' = ANY($5::text[]))`,
        [event.organizationId, event.mergedId, event.survivorId, JSON.stringify(event.applicationMap), Object.keys(event.applicationMap)],
      );
    });
  }

  /** Notifies active users of the organization once per dedupe key; returns how many were notified. */
  async notify(request: NotificationRequest): Promise<number> {
    if (request.userIds.length === 0) return 0;
    // Who is an active user of the organization is identity's to say.
    const active = (await this.users.findInOrganization(request.organizationId, [...new Set(request.userIds)])).filter((u) => u.active).map((u) => u.id);
    if (active.length === 0) return 0;
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO notifications (organization_id, user_id, kind, payload, dedupe_key)
       SELECT $1, u.id, $3, $4::jsonb, $5 FROM unnest($2::uuid[]) AS u(id)
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
      [request.organizationId, active, request.kind, JSON.stringify(request.payload), request.dedupeKey],
    );
    return rows.length;
  }

  async list(actor: AuthUser, query: { limit: number; cursor?: string; unread?: boolean }): Promise<Page<NotificationView> & { unreadCount: number }> {
    const params: unknown[] = [actor.id, actor.organizationId];
    const where = ['n.user_id = $1', 'n.organization_id = $2'];
    if (query.unread) where.push('n.read_at IS NULL');
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      where.push(`(n.created_at, n.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT n.id, n.kind, n.payload, n.read_at, n.created_at, n.created_at::text AS key FROM notifications n
        WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
      params,
    );
    const unread = await this.unreadCount(actor);
    const more = rows.length > query.limit;
    const data = rows.slice(0, query.limit);
    const last = data[data.length - 1];
    return { data: data.map(toView), nextCursor: more && last ? encodeCursor([last.key, last.id]) : null, unreadCount: unread };
  }

  /** Unread notifications of the signed-in user (index `notifications_user_read_created_idx`). */
  async unreadCount(actor: AuthUser): Promise<number> {
    const [{ unread }]: { unread: number }[] = await this.txHost.tx.query(
      `SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND organization_id = $2 AND read_at IS NULL`,
      [actor.id, actor.organizationId],
    );
    return unread;
  }

  async markRead(actor: AuthUser, id: string): Promise<NotificationView> {
    const row = (await updateReturning<Record<string, unknown>>(
      this.txHost.tx,
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 AND organization_id = $3
       RETURNING id, kind, payload, read_at, created_at`,
      [id, actor.id, actor.organizationId],
    ))!;
    if (!row) throw new PipelinesException(PipelinesErrorCode.NotificationNotFound, 'No such notification.');
    return toView(row);
  }

  async markAllRead(actor: AuthUser): Promise<{ updated: number }> {
    const [, updated]: [unknown, number] = await this.txHost.tx.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND organization_id = $2 AND read_at IS NULL`,
      [actor.id, actor.organizationId],
    );
    return { updated };
  }
}

function toView(r: Record<string, unknown>): NotificationView {
  return {
    id: r.id as string,
    kind: r.kind as string,
    payload: r.payload as Record<string, unknown>,
    readAt: r.read_at ? (r.read_at as Date).toISOString() : null,
    createdAt: (r.created_at as Date).toISOString(),
  };
}

import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/** The mail module's part of a candidate's data export: emails sent to them, their replies, and their unsubscribe. */
@Injectable()
export class MailDataExport {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async exportForCandidate(
    organizationId: string,
    candidateId: string,
  ): Promise<{ emails: Record<string, unknown>[]; replies: Record<string, unknown>[]; unsubscribes: Record<string, unknown>[] }> {
    const rows = async (sql: string) =>
      (await this.txHost.tx.query<Array<{ row: Record<string, unknown> }>>(sql, [organizationId, candidateId])).map((r) => r.row);
    return {
      emails: await rows(
        `SELECT to_jsonb(e) - 'reply_token' AS row FROM emails e WHERE e.organization_id = $1 AND e.candidate_id = $2 ORDER BY e.created_at, e.id`,
      ),
      replies: await rows(`SELECT to_jsonb(r) AS row FROM inbound_emails r WHERE r.organization_id = $1 AND r.candidate_id = $2 ORDER BY r.received_at, r.id`),
      unsubscribes: await rows(`SELECT to_jsonb(u) AS row FROM email_unsubscribes u WHERE u.organization_id = $1 AND u.candidate_id = $2`),
    };
  }
}

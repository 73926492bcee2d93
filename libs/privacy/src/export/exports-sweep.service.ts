import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../../platform/src/index.js';

/**
 * Repeatable (`privacy.exports-sweep`, every minute): exports past their 24 h lose their bytes (the row stays, status
 * `expired`, so a download answers 410), and confirmation links past their 24 h expire their request.
 */
@Injectable()
export class ExportsSweep {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async run(): Promise<{ exports: number; requests: number }> {
    const due = await TenantContext.crossTenant('the export sweep finds expired exports of every organization', () =>
      this.txHost.tx.query<Array<{ id: string; organization_id: string }>>(
        `SELECT id, organization_id FROM privacy_exports WHERE status = 'ready' AND expires_at <= now() ORDER BY expires_at LIMIT 500`,
      ),
    );
    for (const row of due) {
      await TenantContext.run(row.organization_id, () =>
        this.txHost.withTransaction(async () => {
          await this.txHost.tx.query(`DELETE FROM privacy_export_chunks WHERE organization_id = $1 AND export_id = $2`, [row.organization_id, row.id]);
          await this.txHost.tx.query(`UPDATE privacy_exports SET status = 'expired' WHERE organization_id = $1 AND id = $2`, [row.organization_id, row.id]);
        }),
      );
    }
    const [, requests] = await TenantContext.crossTenant('the export sweep expires unused confirmation links of every organization', () =>
      this.txHost.tx.query<[unknown[], number]>(
        `UPDATE privacy_requests SET status = 'expired', confirm_token_hash = NULL, updated_at = now()
          WHERE status = 'unconfirmed' AND confirm_expires_at <= now()`,
      ),
    );
    return { exports: due.length, requests };
  }
}

import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The development catcher's mailbox: the 50 newest messages, each as received (headers and body), no script. */
@Injectable()
export class DevMailbox {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async html(): Promise<string> {
    const rows: Array<{ to_address: string; subject: string; raw: string; received_at: Date }> = await this.txHost.tx.query(
      `SELECT to_address, subject, left(raw, 200000) AS raw, received_at FROM dev_mailbox ORDER BY received_at DESC, id DESC LIMIT 50`,
    );
    const items = rows
      .map(
        (r) =>
          `<article><h2>${escape(r.subject)}</h2><p>To ${escape(r.to_address)}, ${escape(r.received_at.toISOString())}</p>` +
          `<details><summary>The whole message</summary><pre style="white-space: pre-wrap">${escape(r.raw)}</pre></details></article>`,
      )
      .join('\n');
    return (
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Development mailbox</title></head>` +
      `<body><main><h1>Development mailbox</h1><p>No mail server is configured (SMTP_URL), so every email Hireloop sends is kept here instead.</p>` +
      (items || '<p>No email yet.</p>') +
      `</main></body></html>`
    );
  }
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Webhook } from 'standardwebhooks';
import { WebhooksProcessor } from '../../apps/worker/src/webhooks.processor.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { WebhooksWorkerModule } from '../../libs/webhooks/src/index.js';
import { TEST_EGRESS_ALLOWLIST } from './postings-fixtures.js';

/** The worker's webhooks half: the outbox relay and the webhooks processor, as apps/worker wires them. */
@Module({
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PipelinesModule, InterviewsModule, ScorecardsModule, WebhooksWorkerModule],
  providers: [OutboxRelayRunner, WebhooksProcessor],
})
class WebhooksWorkerTestModule {}

export async function startWebhooksWorker(): Promise<INestApplicationContext> {
  const saved = process.env.EGRESS_ALLOWLIST;
  process.env.EGRESS_ALLOWLIST = TEST_EGRESS_ALLOWLIST;
  try {
    const worker = await NestFactory.createApplicationContext(WebhooksWorkerTestModule, { logger: false });
    await worker.init();
    return worker;
  } finally {
    if (saved === undefined) delete process.env.EGRESS_ALLOWLIST;
    else process.env.EGRESS_ALLOWLIST = saved;
  }
}

export interface ReceivedEvent {
  id: string;
  type: string;
  occurredAt: string;
  organizationId: string;
  sequence: number;
  data: Record<string, unknown>;
}

export interface Received {
  headers: Record<string, string>;
  raw: string;
  body: ReceivedEvent;
}

/** What the receiver answers: a status (and headers), or `hang` to hold the request open until the receiver closes. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * A real webhook receiver on loopback. Every request it gets is kept (headers, raw body, parsed body); `answer`
 * decides the response (default 200). `verify(secret)` checks every signature with the `standardwebhooks` library.
 */
export async function startReceiver(answer: (received: Received) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const entry: Received = { headers: req.headers as Record<string, string>, raw, body: JSON.parse(raw) as ReceivedEvent };
      received.push(entry);
      const a = answer(entry);
      if (a === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(a.status, { 'content-type': 'text/plain', ...(a.headers ?? {}) });
      res.end(a.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Events other than pings, as received (duplicates included). */
    events: () => received.filter((r) => r.body.type !== 'ping'),
    /** Throws unless every request carries a valid Standard Webhooks signature for one of the secrets. */
    verify(...secrets: string[]) {
      for (const r of received) {
        const ok = secrets.some((secret) => {
          try {
            new Webhook(secret).verify(r.raw, r.headers);
            return true;
          } catch {
            return false;
          }
        });
        if (!ok) throw new Error(`signature of ${r.body.id} does not verify`);
      }
      return received.length;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Per aggregate, the sequences received in arrival order (first arrival of each event only). */
export function sequencesByAggregate(events: Received[], keyOf: (e: ReceivedEvent) => string): Map<string, number[]> {
  const seen = new Set<string>();
  const map = new Map<string, number[]>();
  for (const { body } of events) {
    if (seen.has(body.id)) continue;
    seen.add(body.id);
    const key = keyOf(body);
    map.set(key, [...(map.get(key) ?? []), body.sequence]);
  }
  return map;
}

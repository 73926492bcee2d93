import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { InboundSmtpListener, MailWorkerModule } from '../../libs/mail/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { MailEventsProcessor, MailProcessor } from '../../apps/worker/src/mail.processor.js';
import { PipelinesProcessor } from '../../apps/worker/src/pipelines.processor.js';
import { InterviewsProcessor } from '../../apps/worker/src/interviews.processor.js';

/** The worker's mail half: the outbox relay, the mail processors and the pipelines and interviews processors (whose events send mail). */
@Module({
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PipelinesModule, InterviewsModule, ScorecardsModule, MailWorkerModule],
  providers: [OutboxRelayRunner, MailProcessor, MailEventsProcessor, PipelinesProcessor, InterviewsProcessor],
})
class MailWorkerTestModule {}

export async function startMailWorker(env: Record<string, string>): Promise<INestApplicationContext> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const worker = await NestFactory.createApplicationContext(MailWorkerTestModule, { logger: false });
    await worker.init();
    return worker;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The worker's mail module without any processor or relay: only the inbound SMTP listener does anything. */
@Module({ imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PipelinesModule, InterviewsModule, ScorecardsModule, MailWorkerModule] })
class InboundSmtpTestModule {}

/** The worker's built-in SMTP listener (INBOUND_SMTP_PORT=0: a free port) on its own, and the port it took. */
export async function startInboundSmtp(env: Record<string, string>): Promise<{ context: INestApplicationContext; port: number }> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const context = await NestFactory.createApplicationContext(InboundSmtpTestModule, { logger: false });
    await context.init();
    const port = context.get(InboundSmtpListener).port();
    if (!port) throw new Error('the inbound SMTP listener did not start');
    return { context, port };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** What the test SMTP server answers: accept, a temporary 421 at connection (the server is "down"), or 550 per recipient. */
export type SmtpMode = 'accept' | 'down' | 'reject';

/** A real SMTP server on loopback that parses every message it accepts with mailparser. */
/**
 * Every test SMTP server of this run keeps what it accepts in one shared folder too: any test process's mail worker may
 * take another file's mail job (one queue per run) and deliver it to its own server, so `to(address)` also reads what
 * the other servers received. `messages` stays this server's own.
 */
export const SHARED_MAILBOX = join(tmpdir(), `${process.env.QUEUE_PREFIX ?? 'hltest'}-mailbox`);

export class TestSmtp {
  readonly messages: ParsedMail[] = [];
  mode: SmtpMode = 'accept';
  refusedConnections = 0;
  private readonly server: SMTPServer;
  private readonly own = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly elsewhere: ParsedMail[] = [];
  private poller?: NodeJS.Timeout;

  constructor() {
    mkdirSync(SHARED_MAILBOX, { recursive: true });
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        if (this.mode !== 'down') return callback();
        this.refusedConnections += 1;
        callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
      },
      onRcptTo: (_address, _session, callback) => {
        if (this.mode === 'reject') return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error: Error) => callback(error));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const name = `${Date.now()}-${randomUUID()}.eml`;
          this.own.add(name);
          writeFileSync(join(SHARED_MAILBOX, name), raw);
          simpleParser(raw)
            .then((parsed) => {
              this.messages.push(parsed);
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  /** Reads the messages the other servers of this run received since the last look. */
  private async readElsewhere(): Promise<void> {
    for (const name of readdirSync(SHARED_MAILBOX)) {
      if (this.own.has(name) || this.seen.has(name)) continue;
      this.seen.add(name);
      this.elsewhere.push(await simpleParser(readFileSync(join(SHARED_MAILBOX, name))));
    }
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.seenBefore();
    this.poller = setInterval(() => void this.readElsewhere().catch(() => undefined), 200);
    return (this.server.server.address() as AddressInfo).port;
  }

  /** Messages other files' servers received before this one started are theirs: never read them. */
  private seenBefore(): void {
    for (const name of readdirSync(SHARED_MAILBOX)) this.seen.add(name);
  }

  /** Every message to this address, whichever server of the run received it. */
  to(address: string): ParsedMail[] {
    return [...this.messages, ...this.elsewhere].filter((m) => {
      const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
      return to.some((a) => a.value.some((v) => v.address === address));
    });
  }

  close(): Promise<void> {
    clearInterval(this.poller);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

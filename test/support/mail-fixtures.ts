import type { AddressInfo } from 'node:net';
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

/**
 * What the test SMTP server answers: accept, a temporary 421 at connection (the server is "down"), 550 per recipient,
 * or nothing at all once it has the message (`stall`: a server gone quiet mid-send).
 */
export type SmtpMode = 'accept' | 'down' | 'reject' | 'stall';

/**
 * A real SMTP server on loopback that parses every message it accepts with mailparser. It receives everything its file
 * sends: the files that run a mail worker run one at a time (jest.config.js, MAIL_WORKER_FILES), so the run's one mail
 * queue has a single worker, the current file's, delivering to this server.
 */
export class TestSmtp {
  readonly messages: ParsedMail[] = [];
  mode: SmtpMode = 'accept';
  refusedConnections = 0;
  /** Messages the server took in `stall` mode and never answered. */
  stalledMessages = 0;
  private readonly server: SMTPServer;

  constructor() {
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
        if (this.mode === 'stall') {
          // Read the message and never answer: the client must give up by itself.
          this.stalledMessages += 1;
          stream.resume();
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error: Error) => callback(error));
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks))
            .then((parsed) => {
              this.messages.push(parsed);
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  /** Every message received for this address. */
  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => {
      const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
      return to.some((a) => a.value.some((v) => v.address === address));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

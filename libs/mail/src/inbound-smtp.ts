import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { INBOUND_EMAIL_MAX_BYTES, InboundMail } from './inbound-mail.service.js';

/** Most SMTP connections at once; more are refused (421) until one closes. */
export const INBOUND_SMTP_MAX_CLIENTS = 50;
/** Most recipients of one message (RCPT TO); more answer 452. */
export const INBOUND_SMTP_MAX_RECIPIENTS = 50;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP listener for inbound mail (`INBOUND_SMTP_PORT`, started by the worker when set): the MX of
 * INBOUND_DOMAIN. No authentication (mail servers deliver to an MX without it) and no STARTTLS (put a TLS-terminating
 * relay in front when the mail must be encrypted on the way); a recipient outside INBOUND_DOMAIN is refused at RCPT
 * with 550, so the listener never relays. A message over 5 MB (the HTTP route's limit) is refused with 552 and not
 * read further; connections, recipients and idle time are bounded. Each accepted message takes the same path as
 * `POST /v1/inbound-email` (`InboundMail.receive`, with the envelope's recipients); a failure there answers 451 so the
 * sending server tries again later.
 */
@Injectable()
export class InboundSmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundSmtpListener.name);
  private server: SMTPServer | null = null;

  constructor(
    private readonly inbound: InboundMail,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The port it listens on, or null when it is off. */
  port(): number | null {
    const address = this.server?.server.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.inboundSmtpPort;
    const domain = this.config.inboundDomain?.toLowerCase();
    if (port === null || !domain) return;
    const server = new SMTPServer({
      name: domain,
      banner: 'Hireloop inbound mail',
      logger: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: INBOUND_EMAIL_MAX_BYTES,
      rejectOversized: true,
      maxClients: INBOUND_SMTP_MAX_CLIENTS,
      socketTimeout: 60_000,
      closeTimeout: 10_000,
      onRcptTo: (address, session, callback) => {
        const at = address.address.lastIndexOf('@');
        if (at < 1 || address.address.slice(at + 1).toLowerCase() !== domain) {
          return callback(smtpError(550, `Relay denied: this server accepts mail for ${domain} only`));
        }
        if (session.envelope.rcptTo.length >= INBOUND_SMTP_MAX_RECIPIENTS) return callback(smtpError(452, 'Too many recipients'));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes <= INBOUND_EMAIL_MAX_BYTES) chunks.push(chunk);
        });
        stream.on('error', (error: Error) => callback(error));
        stream.on('end', () => {
          if (stream.sizeExceeded || bytes > INBOUND_EMAIL_MAX_BYTES) return callback(smtpError(552, 'Message exceeds the 5 MB limit'));
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          this.inbound.receive(Buffer.concat(chunks), { recipients }).then(
            () => callback(),
            (error: unknown) => {
              this.logger.error({ err: error }, 'Inbound SMTP message could not be stored; the sender will retry');
              callback(smtpError(451, 'Temporary failure, try again later'));
            },
          );
        });
      },
    });
    server.on('error', (error) => this.logger.warn({ err: error }, 'Inbound SMTP listener error'));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`Inbound SMTP listener on port ${this.port()} for ${domain}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

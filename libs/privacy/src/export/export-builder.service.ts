import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { ZipArchive } from 'archiver';
import { InterviewDataExport } from '../../../interviews/src/index.js';
import { MailDataExport } from '../../../mail/src/index.js';
import { OfferDataExport } from '../../../offers/src/index.js';
import { CandidateDataExport } from '../../../pipelines/src/index.js';
import { ScorecardDataExport } from '../../../scorecards/src/index.js';
import { SelfServiceFulfilment } from '../self-service/self-service-fulfilment.service.js';
import { EXPORT_TTL_MS } from './candidate-exports.service.js';
import { EXPORT_COLUMNS, type ExportRow, ExportStatus } from './export.dto.js';

/** The zip is stored in chunks of this size: the builder holds about one chunk, the download reads one at a time. */
export const EXPORT_CHUNK_BYTES = 1024 * 1024;

const README = `This archive holds the personal data we keep about you, one JSON file per kind of record:
candidate.json (your profile), email-addresses.json, consents.json, applications.json, stage-history.json, notes.json,
activity.json, files.json (the list of your files, whose contents are in files/), interviews.json, scorecards.json
(what interviewers recorded about you), decisions.json, offers.json, emails.json (messages we sent you), email-replies.json
(your replies) and email-unsubscribes.json.
`;

/**
 * Builds a candidate data export in the worker: every module's records about the candidate (each read through that
 * module's own export method) as JSON, plus the bytes of their files, streamed through `archiver` into chunk rows.
 * Memory stays bounded: file bytes are read from the database in slices and written with back-pressure, and the zip
 * leaves in chunks of EXPORT_CHUNK_BYTES. The whole build is one transaction (the export row locked first), so a
 * crash leaves no half-written chunks and a redelivered job finds the export already ready.
 */
@Injectable()
export class ExportBuilder {
  private readonly logger = new Logger(ExportBuilder.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly pipelines: CandidateDataExport,
    private readonly interviews: InterviewDataExport,
    private readonly scorecards: ScorecardDataExport,
    private readonly offers: OfferDataExport,
    private readonly mail: MailDataExport,
    private readonly fulfilment: SelfServiceFulfilment,
  ) {}

  async build(organizationId: string, exportId: string): Promise<void> {
    try {
      await this.txHost.withTransaction(async () => {
        const rows = await this.txHost.tx.query<ExportRow[]>(
          `SELECT ${EXPORT_COLUMNS} FROM privacy_exports WHERE organization_id = $1 AND id = $2 FOR UPDATE`,
          [organizationId, exportId],
        );
        const row = rows[0];
        if (!row || row.status !== ExportStatus.Pending) return;
        const size = await this.writeZip(organizationId, row.candidate_id, exportId);
        await this.txHost.tx.query(
          `UPDATE privacy_exports SET status = 'ready', size_bytes = $3, ready_at = now(), expires_at = now() + make_interval(secs => $4)
            WHERE organization_id = $1 AND id = $2`,
          [organizationId, exportId, size, EXPORT_TTL_MS / 1000],
        );
        await this.fulfilment.exportReady(organizationId, exportId);
      });
    } catch (error: unknown) {
      this.logger.error({ err: error, exportId, organizationId }, 'Candidate data export failed');
      await this.txHost.tx.query(`UPDATE privacy_exports SET status = 'failed', failure = $3 WHERE organization_id = $1 AND id = $2 AND status = 'pending'`, [
        organizationId,
        exportId,
        'The export could not be built. Request a new one; if it fails again, contact your administrator.',
      ]);
    }
  }

  /** Streams the zip into chunk rows; answers its size in bytes. */
  private async writeZip(organizationId: string, candidateId: string, exportId: string): Promise<number> {
    const archive = new ZipArchive({ zlib: { level: 6 } });
    let seq = 0;
    let total = 0;
    // The consumer runs in this async context (tenant and transaction), pulling the zip as archiver produces it.
    const consume = (async () => {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (!pendingBytes) return;
        const data = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await this.txHost.tx.query(`INSERT INTO privacy_export_chunks (organization_id, export_id, seq, data) VALUES ($1, $2, $3, $4)`, [
          organizationId,
          exportId,
          seq++,
          data,
        ]);
      };
      for await (const part of archive as AsyncIterable<Buffer>) {
        pending.push(part);
        pendingBytes += part.length;
        total += part.length;
        if (pendingBytes >= EXPORT_CHUNK_BYTES) await flush();
      }
      await flush();
    })();
    const produce = async () => {
      const data = await this.pipelines.exportForCandidate(organizationId, candidateId);
      if (!data) throw new Error('candidate not found');
      const interviews = await this.interviews.exportForCandidate(organizationId, candidateId);
      const scorecards = await this.scorecards.exportForApplications(organizationId, data.applicationIds);
      const offers = await this.offers.exportForCandidate(organizationId, candidateId, data.applicationIds);
      const mail = await this.mail.exportForCandidate(organizationId, candidateId);
      const consents = {
        consentGiven: data.candidate.consent_given ?? null,
        consentAt: data.candidate.consent_at ?? null,
        retentionUntil: data.candidate.retention_until ?? null,
      };
      const json: Array<[string, unknown]> = [
        ['candidate.json', data.candidate],
        ['email-addresses.json', data.emailAddresses],
        ['consents.json', consents],
        ['applications.json', data.applications],
        ['stage-history.json', data.stageHistory],
        ['notes.json', data.notes],
        ['activity.json', data.activity],
        ['files.json', data.files],
        ['interviews.json', interviews.interviews],
        ['scorecards.json', scorecards.scorecards],
        ['decisions.json', offers.decisions],
        ['offers.json', offers.offers],
        ['emails.json', mail.emails],
        ['email-replies.json', mail.replies],
        ['email-unsubscribes.json', mail.unsubscribes],
      ];
      archive.append(README, { name: 'README.txt' });
      for (const [name, value] of json) archive.append(JSON.stringify(value, null, 2), { name });
      for (const file of data.fileList) {
        const entry = new PassThrough();
        archive.append(entry, { name: `files/${file.id}-${safeName(file.fileName)}` });
        for await (const slice of this.pipelines.fileChunks(organizationId, file.id)) {
          if (!entry.write(slice)) await once(entry, 'drain');
        }
        entry.end();
      }
      await archive.finalize();
    };
    try {
      await produce();
    } catch (error: unknown) {
      archive.abort();
      await consume.catch(() => undefined);
      throw error;
    }
    await consume;
    return total;
  }
}

/** A file name safe inside a zip: no directories, no control characters, bounded. */
export function safeName(name: string): string {
  let out = '';
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 32 || code === 127 || ch === '/' || ch === '\\' || ch === ':' ? '_' : ch;
  }
  out = out.replace(/^\.+/, '_').slice(0, 120);
  return out || 'file';
}

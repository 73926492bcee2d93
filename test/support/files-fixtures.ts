import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FilesProcessor } from '../../apps/worker/src/files.processor.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { testDb } from './db.js';
import { waitFor } from './postings-fixtures.js';

/**
 * The worker's files half: the outbox relay and the files processor (resume text in the sandbox),
 * wired as in apps/worker (ScorecardsModule binds the ports PipelinesModule declares). Any test file's files worker may take any file's job: they share the run's
 * database and queues, and all read with the production limits.
 */
@Module({
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PipelinesModule, ScorecardsModule],
  providers: [OutboxRelayRunner, FilesProcessor],
})
class FilesWorkerTestModule {}

export async function startFilesWorker(): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(FilesWorkerTestModule, { logger: false });
  await worker.init();
  return worker;
}

export interface StoredFileText {
  text_status: string;
  text_failure: string | null;
  resume_text: string | null;
}

/** A stored file's text status, and its candidate's searchable resume text. */
export async function fileText(fileId: string): Promise<StoredFileText> {
  const db = await testDb();
  const [row] = await db.query(
    `SELECT f.text_status, f.text_failure, c.resume_text FROM candidate_files f JOIN candidates c ON c.id = f.candidate_id WHERE f.id = $1`,
    [fileId],
  );
  return row;
}

/** Waits until the worker has read the file (its status is no longer `pending`). */
export function textRead(fileId: string, timeoutMs = 60_000): Promise<StoredFileText> {
  return waitFor(
    () => fileText(fileId),
    (row) => row !== undefined && row.text_status !== 'pending',
    timeoutMs,
    `text of file ${fileId}`,
  );
}

import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResumeKind } from './resume-content.js';
import type { SandboxReply, SandboxRequest } from './resume-extract.child.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from './resume-text-reader.js';

/** Hard limits around one file's text extraction, on top of the reader's own (pages, zip sizes). */
export interface SandboxLimits extends ReaderLimits {
  /** Wall-clock time before the child is killed (SIGKILL). */
  timeoutMs: number;
  /** The child's V8 heap (`--max-old-space-size`). */
  maxHeapMb: number;
  /** The child's resident memory, heap and buffers together (read from /proc on Linux); past it the child is killed. */
  maxRssMb: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { ...DEFAULT_READER_LIMITS, timeoutMs: 20_000, maxHeapMb: 256, maxRssMb: 640 };

export type SandboxOutcome = { status: 'extracted'; text: string } | { status: 'empty' } | { status: 'failed'; reason: string };

export const TIMEOUT_REASON = 'Reading the file took too long, so it was stopped.';
export const MEMORY_REASON = 'Reading the file needed too much memory, so it was stopped.';
const CRASH_REASON = 'The file reader stopped unexpectedly while reading this file.';
const RSS_POLL_MS = 50;
const PAGE_BYTES = 4096;

/**
 * The child's script: next to this file once compiled (dist/). Under the test runner this module is
 * loaded from its TypeScript source, so the compiled script is taken from dist/ (built before tests run).
 */
function childScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'resume-extract.child.js');
  if (existsSync(sibling)) return sibling;
  return resolve(here, '../../../dist/libs/pipelines/src/resume-extract.child.js');
}

function residentBytes(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
  } catch {
    return null;
  }
}

/**
 * Extracts a resume's text in a fresh child process with an empty environment: killed past
 * `timeoutMs` or `maxRssMb`, its heap capped by `maxHeapMb`. Whatever happens inside, the caller
 * gets an outcome, never an exception, and the calling process's event loop is never blocked.
 */
export function extractInSandbox(kind: ResumeKind, data: Uint8Array, limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS): Promise<SandboxOutcome> {
  return new Promise((resolveOutcome) => {
    const child = fork(childScript(), [], {
      execArgv: [`--max-old-space-size=${limits.maxHeapMb}`, '--max-semi-space-size=16'],
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let settled: SandboxOutcome | null = null;
    let stopReason: string | null = null;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    const stop = (reason: string) => {
      if (stopReason || settled) return;
      stopReason = reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(TIMEOUT_REASON), limits.timeoutMs);
    const watchdog = setInterval(() => {
      const rss = child.pid ? residentBytes(child.pid) : null;
      if (rss !== null && rss > limits.maxRssMb * 1024 * 1024) stop(MEMORY_REASON);
    }, RSS_POLL_MS);
    child.on('message', (reply: SandboxReply) => {
      if (stopReason || settled) return;
      if (!reply.ok) settled = { status: 'failed', reason: reply.reason };
      else settled = reply.text ? { status: 'extracted', text: reply.text } : { status: 'empty' };
    });
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      if (settled) return resolveOutcome(settled);
      if (stopReason) return resolveOutcome({ status: 'failed', reason: stopReason });
      const outOfMemory = /heap out of memory|allocation failed/i.test(stderr) || signal === 'SIGABRT' || code === 134;
      resolveOutcome({ status: 'failed', reason: outOfMemory ? MEMORY_REASON : CRASH_REASON });
    };
    // 'close', not 'exit': it comes after the IPC channel closed, so a reply sent just before exiting is never missed.
    child.once('close', finish);
    child.once('error', () => {
      // Not started at all (no pid): no close event may follow.
      if (!child.pid) {
        stopReason ??= CRASH_REASON;
        finish(null, null);
      } else stop(CRASH_REASON);
    });
    const request: SandboxRequest = { kind, data, limits };
    child.send(request, (error) => {
      if (error) stop(CRASH_REASON);
    });
  });
}

/**
 * The sandboxed resume reader: a child process started by `resume-sandbox.ts` for one file. It gets
 * the kind, the bytes and the reader limits over IPC, answers the text or why it could not be read,
 * and exits. The parent kills it on its wall-clock or memory limit; it holds no secrets (empty env).
 */
import { readResumeText, UnreadableFile, type ReaderLimits } from './resume-text-reader.js';
import type { ResumeKind } from './resume-content.js';

export interface SandboxRequest {
  kind: ResumeKind;
  data: Uint8Array;
  limits: ReaderLimits;
}

export type SandboxReply = { ok: true; text: string | null } | { ok: false; reason: string };

process.once('message', (message: SandboxRequest) => {
  void (async () => {
    let reply: SandboxReply;
    try {
      reply = { ok: true, text: await readResumeText(message.kind, message.data, message.limits) };
    } catch (error) {
      reply = { ok: false, reason: error instanceof UnreadableFile ? error.message : 'The file is damaged, so its text could not be read.' };
    }
    process.send!(reply, () => process.exit(0));
  })();
});

import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { assertSafeText } from '../../platform/src/index.js';
import { PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';
import { MAX_RESUME_BYTES } from './resume-content.js';

const FIELD = 'resume';

/**
 * Reads a resume upload: a multipart body with exactly one file part named `resume` (the
 * multipart parser is registered app-wide with a 5 MB file limit; going over it is 413).
 */
export async function readResumeUpload(request: FastifyRequest): Promise<{ fileName: string; contentType?: string; bytes: Buffer }> {
  // The multipart plugin (registered app-wide by PostingsModule) adds these; without it they are absent.
  const req: Omit<FastifyRequest, 'isMultipart' | 'parts'> & { isMultipart?: () => boolean; parts?: () => AsyncIterableIterator<Multipart> } = request;
  if (!req.isMultipart?.()) {
    throw new PipelinesException(PipelinesErrorCode.UnsupportedResume, 'Send the resume as multipart/form-data in a field named resume.', {
      errors: [{ field: FIELD, message: 'send multipart/form-data with a resume file' }],
    });
  }
  let file: { fileName: string; contentType?: string; bytes: Buffer } | undefined;
  const unknown: string[] = [];
  try {
    for await (const part of req.parts!()) {
      if (part.type === 'file' && part.fieldname === FIELD && !file) {
        file = { fileName: String(part.filename ?? ''), contentType: part.mimetype, bytes: await part.toBuffer() };
      } else {
        if (part.type === 'file') await part.toBuffer(); // drain it
        unknown.push(part.fieldname);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new PipelinesException(PipelinesErrorCode.ResumeTooLarge, `The resume is larger than ${MAX_RESUME_BYTES / 1024 / 1024} MB.`, {
        errors: [{ field: FIELD, message: 'resume must be at most 5 MB' }],
      });
    }
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new PipelinesException(PipelinesErrorCode.ResumeMissing, 'Send one file in a field named resume.', {
        errors: [{ field: FIELD, message: 'send one resume file' }],
      });
    }
    throw error;
  }
  if (unknown.length) {
    throw new PipelinesException(PipelinesErrorCode.ResumeMissing, 'Send one file in a field named resume, and nothing else.', {
      errors: unknown.map((field) => ({ field, message: `unknown field ${field}` })),
    });
  }
  if (file) assertSafeText({ [FIELD]: file.fileName });
  if (!file || file.bytes.length === 0) {
    throw new PipelinesException(PipelinesErrorCode.ResumeMissing, 'A resume file is required.', {
      errors: [{ field: FIELD, message: 'attach a resume file' }],
    });
  }
  return file;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { assertSafeText } from '../../platform/src/index.js';
import { MAX_RESUME_BYTES, type UploadedFile } from './apply.service.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';

/** Reads a JSON, urlencoded or multipart application body into fields and files (files capped at 5 MB). */
export async function readApplication(request: FastifyRequest): Promise<{ fields: Record<string, unknown>; files: UploadedFile[] }> {
  // The multipart plugin (registered by PostingsModule) adds these; without it they are absent.
  const req: Omit<FastifyRequest, 'isMultipart' | 'parts'> & { isMultipart?: () => boolean; parts?: () => AsyncIterableIterator<Multipart> } = request;
  if (!req.isMultipart?.()) {
    const body = request.body;
    if (body === undefined || body === null) return { fields: {}, files: [] };
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new PostingsException(PostingsErrorCode.InvalidApplication, 'The application must be a JSON object or a form.');
    }
    return { fields: { ...(body as Record<string, unknown>) }, files: [] };
  }
  const fields: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of req.parts!()) {
      if (part.type === 'file') {
        const data: Buffer = await part.toBuffer();
        if (!part.filename && data.length === 0) continue; // an empty file input
        files.push({ field: part.fieldname, filename: String(part.filename ?? 'file'), data });
      } else if (part.value !== '' || !(part.fieldname in fields)) {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new PostingsException(PostingsErrorCode.ResumeTooLarge, `Files may be at most ${MAX_RESUME_BYTES / 1024 / 1024} MB.`, {
        errors: [{ field: 'resume', message: 'resume must be at most 5 MB' }],
      });
    }
    throw error;
  }
  // Multipart text is not seen by the app-wide check of parsed bodies: the same 400 naming the field.
  assertSafeText({ ...fields, ...Object.fromEntries(files.map((f) => [f.field, f.filename])) });
  // Optional fields sent empty by an HTML form count as absent.
  for (const key of Object.keys(fields)) if (fields[key] === '') delete fields[key];
  return { fields, files };
}

import createClient from 'openapi-fetch';
import { problemSummary } from '../app/problems';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Role = Schemas['UserDto']['roles'][number];

const TOKEN_KEY = 'hireloop.token';

export const tokenStore = {
  get: (): string | null => (typeof localStorage === 'undefined' ? null : localStorage.getItem(TOKEN_KEY)),
  set: (token: string | null) => {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  },
};

/** Typed client for the Hireloop API (same origin); types generated from the OpenAPI document. */
export const api = createClient<paths>({ baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin });
api.use({
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
});

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/** A failed call: the RFC 9457 problem the API answered, with its field errors by path. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(
    readonly status: number,
    body: unknown,
  ) {
    const problem: Problem = body && typeof body === 'object' ? { status, ...body } : { status, title: 'Request failed' };
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.problem = problem;
  }
  get fieldErrors(): { field: string; message: string }[] {
    return this.problem.errors ?? [];
  }
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError carrying the problem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<NonNullable<T>> {
  let result;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached. Nothing was lost: try again.' });
  }
  if (!result.response.ok) {
    if (result.response.status === 401 && tokenStore.get()) {
      tokenStore.set(null);
      window.dispatchEvent(new Event('hireloop:signed-out'));
    }
    throw new ApiError(result.response.status, result.error);
  }
  return result.data as NonNullable<T>;
}

/** For the few endpoints whose response body the OpenAPI document leaves untyped. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: authHeaders() });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

function authHeaders(): Record<string, string> {
  const token = tokenStore.get();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The file name a content-disposition header gives, if any. */
export function dispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain name */
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1];
}

/**
 * Fetches a file the API serves as an attachment (with the signed-in user's token) and saves it: the name comes from
 * the response's content-disposition, else the fallback. Throws an ApiError with the problem when the call fails.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { headers: authHeaders() });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached: try again.' });
  }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => undefined));
  const name = dispositionFileName(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

/** Sends one file as multipart/form-data under `field` (the typed client does not build multipart bodies). */
export async function uploadFile<T>(path: string, field: string, file: File): Promise<T> {
  const body = new FormData();
  body.append(field, file, file.name);
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: authHeaders(), body });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached. Nothing was lost: try again.' });
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, json);
  return json as T;
}

/** The sentence a person reads for a failed call (never the API's code, title or detail: see app/problems.tsx). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return problemSummary(error.problem);
  return 'Something went wrong. Try again.';
}

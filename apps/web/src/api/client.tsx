import createClient from 'openapi-fetch';
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
  constructor(readonly status: number, body: unknown) {
    const problem: Problem = body && typeof body === 'object' ? ({ status, ...(body as object) } as Problem) : { status, title: 'Request failed' };
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
  } catch (error) {
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
  const token = tokenStore.get();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title || `Request failed (${error.status})`;
  return error instanceof Error ? error.message : String(error);
}

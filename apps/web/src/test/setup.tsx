import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lacks these browser APIs Mantine uses.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  }),
});
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
if (!(document as unknown as { fonts?: unknown }).fonts) {
  Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() } });
}
window.HTMLElement.prototype.scrollIntoView = function scrollIntoView() {};

export type Handler = (request: Request) => Promise<Response> | Response;
let handler: Handler = () => new Response('{}', { status: 404 });
export function setApi(next: Handler) {
  handler = next;
}
export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
  handler(input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init))) as typeof fetch;

afterEach(() => cleanup());

#!/usr/bin/env node
// Prints the gzipped size of the JavaScript a first visit to /app loads (the entry chunk and its static imports,
// from Vite's manifest), and of every lazily loaded route chunk. Exit 1 when the initial JS exceeds the budget.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
export const BUDGET_BYTES = 250 * 1024;

export function initialJs(distDir = dist) {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8'));
  const entry = Object.values(manifest).find((c) => c.isEntry);
  const seen = new Set();
  const walk = (key) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const dep of chunk.imports ?? []) walk(dep);
  };
  walk(Object.keys(manifest).find((k) => manifest[k] === entry));
  const size = (file) => {
    const raw = readFileSync(join(distDir, file));
    return { file, bytes: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  };
  const initial = [...seen].map(size);
  const lazy = [
    ...new Set(
      Object.values(manifest)
        .filter((c) => c.file.endsWith('.js') && !seen.has(c.file))
        .map((c) => c.file),
    ),
  ].map(size);
  const css = (entry.css ?? []).map(size);
  return { initial, lazy, css, initialGzip: initial.reduce((s, f) => s + f.gzip, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = initialJs();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of r.initial) console.log(`initial  ${f.file.padEnd(44)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip)}`);
  for (const f of r.css) console.log(`css      ${f.file.padEnd(44)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip)}`);
  for (const f of r.lazy) console.log(`lazy     ${f.file.padEnd(44)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip)}`);
  console.log(`initial JavaScript: ${kb(r.initialGzip)} gzipped (budget ${kb(BUDGET_BYTES)})`);
  if (r.initialGzip > BUDGET_BYTES) process.exit(1);
}

import 'reflect-metadata';
import { startBenchEnvironment, type BenchEnvironment } from './harness.js';
import { runAndExit } from './run-and-exit.js';

/**
 * `npm run bench [name...]`: runs the benchmarks against real Postgres and Redis, each printing
 * its figures beside a baseline measured in the same run. Add a bench by adding it here.
 */
const BENCHES: Record<string, () => Promise<{ run: (env: BenchEnvironment) => Promise<void> }>> = {
  'http-reads': () => import('./http-reads.bench.js'),
  'framework-floor': () => import('./framework-floor.bench.js'),
  memory: () => import('./memory.bench.js'),
  'scale-out': () => import('./scale-out.bench.js'),
  'templates-jobs': () => import('./templates-jobs.bench.js'),
  'lint-redos': () => import('./lint-redos.bench.js'),
  scorecards: () => import('./scorecards.bench.js'),
  pipelines: () => import('./pipelines.bench.js'),
  postings: () => import('./postings.bench.js'),
  'apply-resume': () => import('./apply-resume.bench.js'),
  web: () => import('./web.bench.js'),
  webhooks: () => import('./webhooks.bench.js'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((name) => !BENCHES[name]);
  if (unknown.length) throw new Error(`Unknown bench: ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  const env = await startBenchEnvironment();
  try {
    for (const name of names) {
      console.log(`\n# bench: ${name}`);
      const bench = await BENCHES[name]();
      await bench.run(env);
    }
  } finally {
    await env.close();
  }
}

runAndExit(main);

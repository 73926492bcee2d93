import { readFileSync } from 'node:fs';
import { BenchEnvironment, loadInChild, QUICK, startApiProcess, writeResult, registerBenchOrganization } from './harness.js';

const SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? (QUICK ? 60 : 300));
const LIMIT_MB = 300;

const METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** The API's own view of its memory (prom-client's default metrics): V8 heap used and total, and external (Buffers). */
async function heapOf(url: string): Promise<{ heapUsedMb: number; heapTotalMb: number; externalMb: number; largeObjectMb: number; newSpaceMb: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const mb = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return {
    heapUsedMb: mb(/^nodejs_heap_size_used_bytes (\S+)/m),
    heapTotalMb: mb(/^nodejs_heap_size_total_bytes (\S+)/m),
    externalMb: mb(/^nodejs_external_memory_bytes (\S+)/m),
    largeObjectMb: mb(/^nodejs_heap_space_size_used_bytes\{space="large_object"\} (\S+)/m),
    newSpaceMb: mb(/^nodejs_heap_space_size_used_bytes\{space="new"\} (\S+)/m),
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * Resident memory of a fresh API process (compiled, production mode, info logs) under SECONDS of mixed load: reads
 * (me, jobs, rejection reasons), a 404 and a 400 (the error path), from load generators in their own processes.
 * Goal: at most 300 MB at the end, and flat (the last third no higher than 10% over the first third's peak).
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const api = await startApiProcess(env, {
    METRICS_TOKEN,
    ...(process.env.BENCH_API_ENV ? (JSON.parse(process.env.BENCH_API_ENV) as Record<string, string>) : {}),
  });
  try {
    const slug = `bench-mem-${Date.now()}`;
    const { headers } = await registerBenchOrganization(api.url, env.pool, slug, 'Mem');
    const paths = ['/v1/me', '/v1/jobs?limit=25', '/v1/rejection-reasons', '/v1/jobs/00000000-0000-4000-8000-000000000000', '/v1/jobs?limit=1000'];
    type Sample = { second: number; rssMb: number } & Partial<Awaited<ReturnType<typeof heapOf>>>;
    const samples: Sample[] = [{ second: 0, rssMb: rssMb(api.pid), ...(await heapOf(api.url)) }];
    const start = Date.now();
    const sample = async () => {
      const second = Math.round((Date.now() - start) / 1000);
      const rss = rssMb(api.pid);
      samples.push({ second, rssMb: rss, ...(await heapOf(api.url).catch(() => ({}))) });
    };
    const timer = setInterval(() => void sample(), QUICK ? 5000 : 15000);
    // The highest resident size, read every half second (the samples above can fall between two peaks).
    let peakMb = 0;
    const peakTimer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(api.pid))), 500);
    let requests = 0;
    try {
      // Two connections per path, all paths at once, in slices so samples fall between.
      await Promise.all(
        paths.map((path) =>
          loadInChild(path, `${api.url}${path}`, { headers, connections: 2, durationSeconds: SECONDS }).then((r) => (requests += r.requests)),
        ),
      );
    } finally {
      clearInterval(timer);
      clearInterval(peakTimer);
    }
    samples.push({ second: Math.round((Date.now() - start) / 1000), rssMb: rssMb(api.pid), ...(await heapOf(api.url).catch(() => ({}))) });
    const third = Math.max(1, Math.floor(samples.length / 3));
    const firstPeak = Math.max(...samples.slice(1, third + 1).map((s) => s.rssMb));
    const lastPeak = Math.max(...samples.slice(-third).map((s) => s.rssMb));
    const final = samples[samples.length - 1].rssMb;
    const flat = lastPeak <= firstPeak * 1.1;
    console.log(`\n## API resident memory under ${SECONDS} s of mixed load (${requests} requests)`);
    console.log(samples.map((s) => `${s.second}s ${s.rssMb.toFixed(0)} MB`).join(' · '));
    // Where the resident memory is: V8's heap (used / reserved), Buffers outside it, and the rest (code, stacks, the allocator).
    console.log(
      samples
        // A sample whose metrics scrape failed has its resident size only.
        .filter((s) => s.heapUsedMb !== undefined)
        .map(
          (s) =>
            `${s.second}s heap ${s.heapUsedMb?.toFixed(0)}/${s.heapTotalMb?.toFixed(0)} (new ${s.newSpaceMb?.toFixed(0)}, large ${s.largeObjectMb?.toFixed(0)}) ext ${s.externalMb?.toFixed(0)}`,
        )
        .join(' · '),
    );
    console.log(
      `Final RSS ${final.toFixed(0)} MB (goal <= ${LIMIT_MB} MB: ${final <= LIMIT_MB ? 'met' : 'NOT met'}); first-third peak ${firstPeak.toFixed(0)} MB, last-third peak ${lastPeak.toFixed(0)} MB (flat: ${flat ? 'yes' : 'NO'}); highest seen ${peakMb.toFixed(0)} MB`,
    );
    writeResult('memory', {
      seconds: SECONDS,
      requests,
      samples,
      finalRssMb: final,
      goal: `<= ${LIMIT_MB} MB, flat`,
      met: final <= LIMIT_MB && flat,
      firstPeak,
      lastPeak,
      peakMb,
    });
  } finally {
    await api.close();
  }
}

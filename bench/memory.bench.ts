import { readFileSync } from 'node:fs';
import { BenchEnvironment, loadInChild, QUICK, startApiProcess, writeResult } from './harness.js';

const SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? (QUICK ? 60 : 300));
const LIMIT_MB = 300;

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
  const api = await startApiProcess(env);
  try {
    const slug = `bench-mem-${Date.now()}`;
    const reg = await fetch(`${api.url}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationName: 'Mem', organizationSlug: slug, name: 'Admin', email: `${slug}@example.test`, password: 'bench-password-1' }),
    });
    const { accessToken } = (await reg.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const paths = ['/v1/me', '/v1/jobs?limit=25', '/v1/rejection-reasons', '/v1/jobs/00000000-0000-4000-8000-000000000000', '/v1/jobs?limit=1000'];
    const samples: Array<{ second: number; rssMb: number }> = [{ second: 0, rssMb: rssMb(api.pid) }];
    const start = Date.now();
    const timer = setInterval(() => samples.push({ second: Math.round((Date.now() - start) / 1000), rssMb: rssMb(api.pid) }), QUICK ? 5000 : 15000);
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
    }
    samples.push({ second: Math.round((Date.now() - start) / 1000), rssMb: rssMb(api.pid) });
    const third = Math.max(1, Math.floor(samples.length / 3));
    const firstPeak = Math.max(...samples.slice(1, third + 1).map((s) => s.rssMb));
    const lastPeak = Math.max(...samples.slice(-third).map((s) => s.rssMb));
    const final = samples[samples.length - 1].rssMb;
    const flat = lastPeak <= firstPeak * 1.1;
    console.log(`\n## API resident memory under ${SECONDS} s of mixed load (${requests} requests)`);
    console.log(samples.map((s) => `${s.second}s ${s.rssMb.toFixed(0)} MB`).join(' · '));
    console.log(
      `Final RSS ${final.toFixed(0)} MB (goal <= ${LIMIT_MB} MB: ${final <= LIMIT_MB ? 'met' : 'NOT met'}); first-third peak ${firstPeak.toFixed(0)} MB, last-third peak ${lastPeak.toFixed(0)} MB (flat: ${flat ? 'yes' : 'NO'})`,
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
    });
  } finally {
    await api.close();
  }
}

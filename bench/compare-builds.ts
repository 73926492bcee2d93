import 'reflect-metadata';
import { resolve } from 'node:path';
import {
  API_NODE_ARGS,
  childEnv,
  cpuSeconds,
  loadInChild,
  QUICK,
  registerBenchOrganization,
  startBaselineProcess,
  startBenchEnvironment,
  startChildServer,
} from './harness.js';
import { loadPipelines } from './pipelines-data.js';
import { runAndExit } from './run-and-exit.js';

/**
 * Builds side by side in one run: `node dist/bench/compare-builds.js <label>=<dist root>[:<log level>] ...`, e.g.
 * `before=dist-before after=dist after-silent=dist:silent uncapped=dist:info:` (dist-before: a copy of dist/ built from the commit before
 * a change). Starts each build's API (production mode, log level info unless given) and the raw baseline, each in its
 * own process (with the Node flags of start:api unless given, comma-separated, after a second colon) on the same database, and loads GET /v1/me, GET /v1/jobs?limit=25 and a job's first applications page
 * on all of them in turn (the order rotated each round, so drift from other work on the machine falls on all), each
 * load in a fresh autocannon process. Prints req/s, server CPU per request and each build's ratio to the baseline.
 * An argument `raw:<label>=<dist root>[:<node flags>]` adds that build's raw baseline (`bench/baseline-server.js`) beside
 * this one's, e.g. to measure what a change to the baseline itself costs: `raw:raw-before=dist-before`, or the baseline
 * under the API's Node flags: `raw:raw-flagged=dist:--max-semi-space-size=32` (comma-separated, none by default).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const otherBaselines = args
    .filter((arg) => arg.startsWith('raw:'))
    .map((arg) => {
      const raw = arg.slice('raw:'.length);
      const at = raw.indexOf('=');
      const [label, spec] = at < 0 ? [raw, ''] : [raw.slice(0, at), raw.slice(at + 1)];
      const [root, nodeArgs = ''] = spec.split(':');
      if (!label || !root) throw new Error('usage: raw:<label>=<dist root>[:<node flags>]');
      return { label, root, nodeArgs: nodeArgs.split(',').filter(Boolean) };
    });
  const builds = args
    .filter((arg) => !arg.startsWith('raw:'))
    .map((arg) => {
      const at = arg.indexOf('=');
      const [label, spec] = at < 0 ? [arg, ''] : [arg.slice(0, at), arg.slice(at + 1)];
      const [root, logLevel = 'info', nodeArgs] = spec.split(':');
      if (!label || !root) throw new Error('usage: node dist/bench/compare-builds.js <label>=<dist root>[:<log level>[:<node flags>]] ...');
      // Node flags comma-separated; none given: the flags production starts the API with (start:api).
      return { label, root, logLevel: logLevel || 'info', nodeArgs: nodeArgs === undefined ? API_NODE_ARGS : nodeArgs.split(',').filter(Boolean) };
    });
  const env = await startBenchEnvironment();
  const apis = [];
  for (const b of builds) {
    const api = await startChildServer(resolve(b.root, 'apps/api/src/main.js'), childEnv(env, { LOG_LEVEL: b.logLevel }), {
      label: b.label,
      nodeArgs: b.nodeArgs,
    });
    apis.push({ label: b.label, url: api.url, pid: api.pid, close: api.close });
  }
  const baseline = await startBaselineProcess(env);
  const others = [];
  for (const b of otherBaselines) {
    const server = await startBaselineProcess(env, resolve(b.root), b.label, b.nodeArgs);
    others.push({ label: b.label, url: server.url, pid: server.pid, close: server.close });
  }
  try {
    const { headers, organization } = await registerBenchOrganization(env.apiUrl, env.pool, `bench-ab-${Date.now()}`, 'Bench AB');
    const reasons = (await (await fetch(`${env.apiUrl}/v1/rejection-reasons`, { headers })).json()) as { data: { id: string }[] };
    const { jobId } = await loadPipelines(env, organization.id, reasons.data[0].id);
    // COMPARE_SETUP_API=1 also loads the environment's own API, the one that registered the organization and loaded the
    // data (a process that has done some work, as in the http-reads bench), beside the fresh ones.
    const setup = process.env.COMPARE_SETUP_API === '1' ? [{ label: 'setup API', url: env.apiUrl, pid: env.apiPid }] : [];
    const servers = [...apis, ...setup, ...others, { label: 'raw', url: baseline.url, pid: baseline.pid }];
    const rounds = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 4 : 6));
    // COMPARE_PATHS=me (comma-separated: me, jobs, applications) loads only those routes.
    const wanted = (process.env.COMPARE_PATHS ?? 'me,jobs,applications').split(',');
    const paths = { me: '/v1/me', jobs: '/v1/jobs?limit=25', applications: `/v1/applications?jobId=${jobId}&limit=25` };
    for (const path of Object.entries(paths)
      .filter(([name]) => wanted.includes(name))
      .map(([, path]) => path)) {
      const totals = new Map(servers.map((s) => [s.label, { requests: 0, seconds: 0, cpu: 0, non2xx: 0 }]));
      for (const s of servers) await loadInChild('warm-up', `${s.url}${path}`, { headers, durationSeconds: 2 });
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < servers.length; i++) {
          const s = servers[(i + round) % servers.length];
          const cpu = cpuSeconds(s.pid);
          const r = await loadInChild(s.label, `${s.url}${path}`, { headers });
          const t = totals.get(s.label)!;
          t.cpu += cpuSeconds(s.pid) - cpu;
          t.requests += r.requests;
          t.seconds += r.seconds;
          t.non2xx += r.non2xx + r.errors;
        }
      }
      const rps = (label: string) => totals.get(label)!.requests / totals.get(label)!.seconds;
      console.log(`\n## ${path.replace(jobId, '…')}`);
      console.log('| server | req/s | CPU ms/request | ratio to raw | non-2xx or errors |\n| --- | ---: | ---: | ---: | ---: |');
      for (const s of servers) {
        const t = totals.get(s.label)!;
        console.log(
          `| ${s.label} | ${rps(s.label).toFixed(0)} | ${((t.cpu * 1000) / t.requests).toFixed(3)} | ${(rps(s.label) / rps('raw')).toFixed(2)} | ${t.non2xx} |`,
        );
      }
    }
  } finally {
    await baseline.close();
    for (const server of others) await server.close();
    for (const api of apis) await api.close();
    await env.close();
  }
}

runAndExit(main);

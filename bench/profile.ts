import 'reflect-metadata';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { API_NODE_ARGS, childEnv, DIST, loadInChild, REPO, startBenchEnvironment, startChildServer, registerBenchOrganization } from './harness.js';
import { runAndExit } from './run-and-exit.js';

/**
 * CPU profile of the API under load: `node dist/bench/profile.js <label> [dist root of the build to profile]`.
 * Starts that build's API with --cpu-prof, loads GET /v1/me, GET /v1/jobs and a job's applications, then prints the
 * top frames by self time and by package. The .cpuprofile stays in bench/results/profiles (not committed).
 * `node dist/bench/profile.js --summarise <file.cpuprofile>` prints the same tables for any profile.
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

async function main(): Promise<void> {
  if (process.argv[2] === '--summarise') {
    // `node dist/bench/profile.js --summarise <file.cpuprofile>`: the same tables for a profile written elsewhere
    // (e.g. `node --cpu-prof dist/bench/run.js webhooks`).
    summarise(JSON.parse(readFileSync(process.argv[3], 'utf8')) as Profile, process.argv[3]);
    return;
  }
  const [label = 'profile', root = DIST] = process.argv.slice(2);
  const dir = join(REPO, 'bench/results/profiles', label);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const env = await startBenchEnvironment();
  try {
    // PROFILE_SERVER=raw profiles the raw baseline under the same load instead, for a side-by-side reading;
    // PROFILE_SERVER=floor the bare Nest floor with the product's tenant scope (bench/nest-floor-server.ts).
    const server = process.env.PROFILE_SERVER;
    // Either is a bench server, not the API: no production Node flags, ready at /health.
    const benchServer = server === 'raw' || server === 'floor';
    const main =
      server === 'floor'
        ? join(DIST, 'bench/nest-floor-server.js')
        : server === 'raw'
          ? join(DIST, 'bench/baseline-server.js')
          : resolve(root, 'apps/api/src/main.js');
    // PROFILE_ALLOCATIONS=1 also samples what each request allocates (freed objects included), after a warm-up load;
    // with PROFILE_SURVIVORS=1 only what outlived a young collection (what makes a scavenge cost; see profiled-main).
    const allocations = process.env.PROFILE_ALLOCATIONS === '1';
    const api = await startChildServer(
      join(DIST, 'bench/profiled-main.js'),
      childEnv(env, {
        PROFILE_MAIN: main,
        ...(server === 'floor' ? { FLOOR_TENANT_SCOPE: '1' } : {}),
        ...(allocations ? { PROFILE_ALLOCATIONS: dir } : {}),
        ...(process.env.PROFILE_SURVIVORS === '1' ? { PROFILE_SURVIVORS: '1' } : {}),
      }),
      {
        // The API with the Node flags production starts it with (start:api): without them V8 pretenures request
        // objects, and the profile would show a collector that production does not run.
        nodeArgs: [...(benchServer ? [] : API_NODE_ARGS), '--cpu-prof', `--cpu-prof-dir=${dir}`],
        label: benchServer ? `profiled ${server} server` : 'profiled API',
        readyPath: benchServer ? '/health' : undefined,
      },
    );
    const slug = `bench-prof-${Date.now()}`;
    const { headers, organization } = await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Prof');
    const [template] = (await env.pool.query(`SELECT id, latest_revision_id FROM templates WHERE built_in AND latest_revision_id IS NOT NULL LIMIT 1`)).rows;
    await env.pool.query(
      `INSERT INTO jobs (organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority, status, created_at)
       SELECT $1, $2, $3, 'Backend Engineer #' || g, 'md', '<p>job</p>', 'remote', 'FULL_TIME', 'senior', 'open', now() - (g || ' minutes')::interval
         FROM generate_series(1, 200) g`,
      [organization.id, template.id, template.latest_revision_id],
    );
    const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
    const paths = (process.env.PROFILE_PATHS ?? '/v1/me,/v1/jobs?limit=25').split(',');
    if (allocations) {
      for (const path of paths) await loadInChild(path, `${api.url}${path}`, { headers, durationSeconds: 3 });
      api.child.kill('SIGUSR1');
      await new Promise((r) => setTimeout(r, 500));
    }
    let requests = 0;
    for (const path of paths) {
      const r = await loadInChild(path, `${api.url}${path}`, { headers, durationSeconds: seconds });
      requests += r.requests;
      console.log(`${label} ${path}: ${r.requestsPerSecond.toFixed(0)} req/s, ${r.requests} requests (non-2xx ${r.non2xx})`);
    }
    api.child.kill('SIGUSR2');
    await new Promise((r) => api.child.once('exit', r));
    if (allocations) summariseAllocations(JSON.parse(readFileSync(join(dir, 'allocations.heapprofile'), 'utf8')) as HeapProfile, requests);
  } finally {
    await env.close();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, label);
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}
interface HeapProfile {
  head: HeapNode;
}

/** The package a profiled frame's script belongs to: a node_modules package, `hireloop` (dist/), `node`, or the URL. */
function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes('/dist/')) return 'hireloop';
  if (url.startsWith('node:') || !url) return 'node';
  return url;
}

/** Bytes allocated per request, by frame and by package (the sampled allocations of the measured load). */
function summariseAllocations(profile: HeapProfile, requests: number): void {
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  const stack: HeapNode[] = [profile.head];
  while (stack.length) {
    const node = stack.pop()!;
    stack.push(...node.children);
    if (!node.selfSize) continue;
    total += node.selfSize;
    const f = node.callFrame;
    const pkg = packageOf(f.url);
    const file = f.url.includes('/dist/') ? f.url.split('/dist/')[1] : f.url.split(`node_modules/${pkg}`)[1];
    const key = `${f.functionName || '(anonymous)'} ${pkg}${file ? `:${file}:${f.lineNumber + 1}` : ''}`;
    frames.set(key, (frames.get(key) ?? 0) + node.selfSize);
    packages.set(pkg, (packages.get(pkg) ?? 0) + node.selfSize);
  }
  const perRequest = (bytes: number) => `${(bytes / requests / 1024).toFixed(2)} KB`;
  const what = process.env.PROFILE_SURVIVORS === '1' ? 'survived a young collection' : 'allocations';
  console.log(`\n## ${what}: ${perRequest(total)} per request (${requests} requests)`);
  console.log('\n| package | per request |\n| --- | ---: |');
  for (const [p, t] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${p} | ${perRequest(t)} |`);
  console.log('\n| frame | per request |\n| --- | ---: |');
  for (const [f, t] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`| ${f} | ${perRequest(t)} |`);
}

function summarise(profile: Profile, label: string): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const where = packageOf;
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, t] of self) {
    const f = byId.get(id)!.callFrame;
    if (['(idle)', '(program)'].includes(f.functionName)) continue;
    const key = `${f.functionName || '(anonymous)'} ${where(f.url)}${f.url.includes('/dist/') ? `:${f.url.split('/dist/')[1]}:${f.lineNumber + 1}` : ''}`;
    frames.set(key, (frames.get(key) ?? 0) + t);
    packages.set(where(f.url), (packages.get(where(f.url)) ?? 0) + t);
  }
  const pct = (t: number) => `${((t / busy) * 100).toFixed(1)}%`;
  // Inclusive time: each sample counts once for every package on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    if (['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)) continue;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const pkg = where(f.url);
      if (pkg !== 'node' && pkg !== 'hireloop' && !pkg.startsWith('file:')) seen.add(pkg);
      if (pkg === 'hireloop') seen.add(`hireloop ${f.url.split('/dist/')[1] ?? f.url}`);
    }
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
  console.log(`\n## ${label}: busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled`);
  console.log('\n| package | self time (share of busy) |\n| --- | ---: |');
  for (const [p, t] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${p} | ${pct(t)} |`);
  console.log('\n| on the stack (inclusive) | share of busy |\n| --- | ---: |');
  for (const [p, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`| ${p} | ${pct(t)} |`);
  console.log('\n| frame | self time |\n| --- | ---: |');
  for (const [f, t] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${f} | ${pct(t)} |`);
}

runAndExit(main);

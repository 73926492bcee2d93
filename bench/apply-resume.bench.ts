import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { strToU8, zipSync } from 'fflate';
import { BenchEnvironment, childEnv, type LoadResult, printComparison, registerBenchOrganization } from './harness.js';

/**
 * Public apply with untrusted files, against a production-mode API and worker each in its own process (the load
 * generator is this process):
 *  1. throughput of `POST /v1/boards/:orgSlug/jobs/:id` with a real-size PDF or DOCX resume (base64) beside the
 *     same application without a file (pasted resume text): the request only checks and stores the file;
 *  2. the worker extracting 100 real-size PDFs and DOCX files in its sandbox: peak memory of the API, of the worker
 *     and of the sandbox children, and `/health/live` p99 during that work beside idle.
 */
const APPLY_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const EXTRACT_FILES = Number(process.env.BENCH_EXTRACT_FILES ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const EXTRACT_TIMEOUT_MS = Number(process.env.BENCH_EXTRACT_TIMEOUT_MS ?? 15 * 60_000);

// ---- real-size resumes ---------------------------------------------------------------------------

const LINES = [
  'Senior Backend Engineer — ten years of building hiring, payments and logistics platforms.',
  'Designed and ran a multi-tenant Postgres schema serving 40,000 requests per second at peak.',
  'Led the migration of 120 services from a monolith to queues and workers with at-least-once delivery.',
  'Mentored six engineers; wrote the review guide and the on-call handbook used across the company.',
  'Languages: TypeScript, Go, Kotlin, SQL. Tools: Kubernetes, Terraform, Grafana, OpenTelemetry.',
  'Education: M.Sc. Computer Science, Technische Universität Berlin. German and English, fluent.',
];

/** A two-page text PDF with a ~150 KB photo-like image, as resumes exported from word processors are. */
function resumePdf(n: number): Buffer {
  const page = (p: number) =>
    `BT /F1 11 Tf 56 780 Td 14 TL ${Array.from({ length: 45 }, (_, i) => `(${LINES[(i + p + n) % LINES.length].replace(/[()\\]/g, '\\$&')} #${n}) '`).join(' ')} ET`;
  const image = randomBytes(250 * 200 * 3);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> /XObject << /Im1 8 0 R >> >> >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>'),
    streamObject(Buffer.from(`q 100 0 0 80 450 740 cm /Im1 Do Q ${page(0)}`)),
    streamObject(Buffer.from(page(1))),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    streamObject(image, '/Type /XObject /Subtype /Image /Width 250 /Height 200 /ColorSpace /DeviceRGB /BitsPerComponent 8'),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(part);
    length += part.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function streamObject(data: Buffer, dictionary = ''): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dictionary} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
}

/** A DOCX of ~90 paragraphs with a ~100 KB embedded image, as Word saves a resume with a photo. */
function resumeDocx(n: number): Buffer {
  const paragraphs = Array.from(
    { length: 90 },
    (_, i) => `<w:p><w:r><w:t xml:space="preserve">${LINES[(i + n) % LINES.length].replace(/&/g, '&amp;')} #${n}</w:t></w:r></w:p>`,
  ).join('');
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`,
      ),
      'word/media/image1.png': [new Uint8Array(randomBytes(100 * 1024)), { level: 0 }],
    }),
  );
}

// ---- processes -------------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process and of all its descendants (Linux /proc), in bytes. */
function rss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function start(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function waitUntilLive(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`API at ${url} did not start`);
}

// ---- the organization and its live posting ------------------------------------------------------------

async function livePosting(env: BenchEnvironment): Promise<{ orgId: string; slug: string; publicId: number }> {
  const slug = `bench-apply-${Date.now().toString(36)}`;
  const orgId = (await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Bench Apply')).organization.id;
  const q = (sql: string, params: unknown[]) => env.pool.query(sql, params).then((r) => r.rows);
  const [template] = await q(`SELECT id, latest_revision_id FROM templates WHERE built_in AND latest_revision_id IS NOT NULL LIMIT 1`, []);
  const [department] = await q(`INSERT INTO departments (organization_id, name) VALUES ($1, 'Engineering') RETURNING id`, [orgId]);
  const [job] = await q(
    `INSERT INTO jobs (organization_id, template_id, template_revision_id, title, description_markdown, description_html, department_id, work_model, remote_countries,
                       employment_type, seniority, status, opened_at)
     VALUES ($1, $2, $3, 'Backend Engineer', 'md', '<p>Build the hiring product.</p>', $4, 'remote', '{}', 'FULL_TIME', 'senior', 'open', now()) RETURNING id`,
    [orgId, template.id, template.latest_revision_id, department.id],
  );
  await q(
    `INSERT INTO job_stages (organization_id, job_id, position, name, kind) VALUES ($1, $2, 0, 'Application review', 'application_review'), ($1, $2, 1, 'Recruiter screen', 'recruiter_screen')`,
    [orgId, job.id],
  );
  const [posting] = await q(
    `INSERT INTO postings (organization_id, job_id, board, status, content_hash, attempts, published_at) VALUES ($1, $2, 'careers', 'live', 'bench', 1, now()) RETURNING public_id`,
    [orgId, job.id],
  );
  return { orgId, slug, publicId: Number(posting.public_id) };
}

// ---- load ------------------------------------------------------------------------------------------------

let applicant = 0;
/** Every request a new applicant from a new address (the API trusts the loopback proxy), so no budget is spent. */
function nextApplicant(): { ip: string; email: string } {
  applicant++;
  return {
    ip: `10.${(applicant >> 16) & 255}.${(applicant >> 8) & 255}.${applicant & 255}`,
    email: `applicant-${applicant}-${randomBytes(3).toString('hex')}@example.test`,
  };
}

async function loadApply(label: string, url: string, body: (i: number) => Record<string, unknown>): Promise<LoadResult & { statuses: Record<string, number> }> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: APPLY_SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const who = nextApplicant();
          return {
            ...request,
            headers: { ...request.headers, 'content-type': 'application/json', 'x-forwarded-for': who.ip },
            body: JSON.stringify({ first_name: 'Bench', last_name: 'Applicant', email: who.email, ...body(i++) }),
          };
        },
      },
    ],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]));
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    statuses,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function run(env: BenchEnvironment): Promise<void> {
  const { orgId, slug, publicId } = await livePosting(env);
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  // The benches' production environment (database, queues, no email), on a port of its own so the public base URL
  // (the apply form's links) is known before start.
  const processEnv = childEnv(env, {
    METRICS_TOKEN: randomBytes(16).toString('hex'),
    PORT: String(port),
    PUBLIC_BASE_URL: apiUrl,
    TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  const api = start('dist/apps/api/src/main.js', processEnv);
  let worker: ChildProcess | undefined;
  try {
    await waitUntilLive(apiUrl);
    const applyUrl = `${apiUrl}/v1/boards/${slug}/jobs/${publicId}`;
    const pdfs = Array.from({ length: 10 }, (_, n) => resumePdf(n).toString('base64'));
    const docxs = Array.from({ length: 10 }, (_, n) => resumeDocx(n).toString('base64'));
    const sizes = [...pdfs, ...docxs].map((b) => (b.length * 3) / 4);
    console.log(`Resumes: PDF ${(sizes[0] / 1024).toFixed(0)} KB, DOCX ${(sizes[10] / 1024).toFixed(0)} KB (sent base64 in JSON, Greenhouse resume_content)`);

    // 1. Request throughput, worker not running (the request path only).
    await loadApply('warm-up', applyUrl, () => ({ resume_text: LINES.join('\n') }));
    const withoutFile = await loadApply('apply, pasted resume text', applyUrl, () => ({ resume_text: LINES.join('\n') }));
    const withFile = await loadApply('apply, PDF/DOCX resume', applyUrl, (i) =>
      i % 2 ? { resume_content: docxs[i % 10], resume_content_filename: 'cv.docx' } : { resume_content: pdfs[i % 10], resume_content_filename: 'cv.pdf' },
    );
    printComparison('Public apply with a resume file vs without a file (production API in its own process)', withFile, withoutFile);
    console.log(`Status codes: with file ${JSON.stringify(withFile.statuses)}, without ${JSON.stringify(withoutFile.statuses)}`);
    // The files of the throughput runs are not part of the extraction measurement: they are left unread.
    await env.pool.query(
      `UPDATE outbox_events SET dispatched_at = now() WHERE organization_id = $1 AND event_type = 'pipelines.resume-text' AND dispatched_at IS NULL`,
      [orgId],
    );
    await env.pool.query(`UPDATE candidate_files SET text_status = 'empty', text_read_at = now() WHERE organization_id = $1 AND text_status = 'pending'`, [
      orgId,
    ]);

    // 2. 100 files for the worker, then /health/live under that extraction.
    const idle = await autocannon({ url: `${apiUrl}/health/live`, connections: 2, duration: 3 });
    const sent: string[] = [];
    for (let i = 0; i < EXTRACT_FILES; i++) {
      const who = nextApplicant();
      const file =
        i % 2 ? { resume_content: docxs[i % 10], resume_content_filename: 'cv.docx' } : { resume_content: pdfs[i % 10], resume_content_filename: 'cv.pdf' };
      const res = await fetch(applyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': who.ip },
        body: JSON.stringify({ first_name: 'Bench', last_name: 'Extract', email: who.email, ...file }),
      });
      if (res.status !== 201) throw new Error(`apply failed: ${res.status} ${await res.text()}`);
      sent.push(who.email);
    }
    const apiBefore = rss(api.pid!);
    worker = start('dist/apps/worker/src/main.js', processEnv);
    const peaks = { api: apiBefore, worker: 0, sandboxes: 0 };
    const sampler = setInterval(() => {
      peaks.api = Math.max(peaks.api, rss(api.pid!));
      if (!worker?.pid) return;
      peaks.worker = Math.max(peaks.worker, rss(worker.pid));
      peaks.sandboxes = Math.max(
        peaks.sandboxes,
        childrenOf(worker.pid).reduce((sum, pid) => sum + rss(pid), 0),
      );
    }, 50);
    const startedAt = Date.now();
    let underLoad: autocannon.Result | undefined;
    const health = autocannon({ url: `${apiUrl}/health/live`, connections: 2, duration: EXTRACT_TIMEOUT_MS / 1000 }, (_error, result) => {
      underLoad = result;
    });
    let outcome: Record<string, number> = {};
    for (;;) {
      const rows = (
        await env.pool.query(
          `SELECT f.text_status, count(*)::int AS n FROM candidate_files f JOIN candidate_emails e ON e.candidate_id = f.candidate_id
            WHERE f.organization_id = $1 AND e.email = ANY($2::text[]) GROUP BY 1`,
          [orgId, sent],
        )
      ).rows as Array<{ text_status: string; n: number }>;
      outcome = Object.fromEntries(rows.map((r) => [r.text_status, r.n]));
      if (!outcome.pending && rows.length) break;
      if (Date.now() - startedAt > EXTRACT_TIMEOUT_MS) throw new Error(`extraction did not finish: ${JSON.stringify(outcome)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const extractMs = Date.now() - startedAt;
    health.stop();
    while (!underLoad) await new Promise((r) => setTimeout(r, 20));
    clearInterval(sampler);

    console.log(`\n## Extracting ${EXTRACT_FILES} real-size PDF and DOCX resumes in the worker's sandbox`);
    console.log(
      `Outcome: ${JSON.stringify(outcome)} in ${(extractMs / 1000).toFixed(1)} s (${(EXTRACT_FILES / (extractMs / 1000)).toFixed(1)} files/s, worker start included)`,
    );
    console.log('| process | resident memory before | peak |');
    console.log('| --- | ---: | ---: |');
    console.log(`| API | ${mb(apiBefore)} | ${mb(peaks.api)} |`);
    console.log(`| worker | — | ${mb(peaks.worker)} |`);
    console.log(`| sandbox children (sum at once) | — | ${mb(peaks.sandboxes)} |`);
    console.log('\n| /health/live | req/s | p50 ms | p99 ms |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| during extraction | ${underLoad.requests.average.toFixed(0)} | ${underLoad.latency.p50} | ${underLoad.latency.p99} |`);
    console.log(`| idle | ${idle.requests.average.toFixed(0)} | ${idle.latency.p50} | ${idle.latency.p99} |`);
    console.log(
      `p99 ratio (during extraction / idle): ${(underLoad.latency.p99 / Math.max(idle.latency.p99, 0.01)).toFixed(2)}; API peak / before: ${(peaks.api / Math.max(apiBefore, 1)).toFixed(2)}`,
    );
  } finally {
    worker?.kill('SIGTERM');
    api.kill('SIGTERM');
    await Promise.all(
      [api, worker].filter((p): p is ChildProcess => !!p && p.exitCode === null && p.signalCode === null).map((p) => new Promise((r) => p.once('exit', r))),
    );
  }
}

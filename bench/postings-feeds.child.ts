import 'reflect-metadata';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { runAndExit } from './run-and-exit.js';

/**
 * Child process of bench/postings.bench.ts: generates an organization's Indeed and LinkedIn feeds `runs` times,
 * either through Hireloop (BoardsService.regenerateFeeds: query, render, hash, store) or naively (one raw pg
 * query per board, string concatenation, hash, store in a temp table), and prints one JSON line with the times
 * and the process's memory before and at its peak. A process of its own so the peak belongs to this work only.
 *
 * Usage: node dist/bench/postings-feeds.child.js hireloop|naive <organizationId> <runs>
 * Nest and the libraries are loaded only in hireloop mode, so the naive process carries none of them.
 */
const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  const [mode, organizationId, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg ?? 3);
  const times: number[] = [];
  let bytes = 0;
  let entries = 0;
  let cleanup: () => Promise<void>;
  let generate: () => Promise<void>;

  if (mode === 'hireloop') {
    const [
      { Module },
      { NestFactory },
      { AppConfigModule },
      { DbModule },
      { AppLoggerModule, PlatformModule, TenantContext },
      { BoardsService, PostingsWorkerModule },
      { PipelinesModule },
      { InterviewsModule },
      { ScorecardsModule },
    ] = await Promise.all([
      import('@nestjs/common'),
      import('@nestjs/core'),
      import('../libs/config/src/index.js'),
      import('../libs/db/src/index.js'),
      import('../libs/platform/src/index.js'),
      import('../libs/postings/src/index.js'),
      import('../libs/pipelines/src/index.js'),
      import('../libs/interviews/src/index.js'),
      import('../libs/scorecards/src/index.js'),
    ]);
    class FeedsBenchModule {}
    // Pipelines, interviews and scorecards bind the ports jobs declares (a process refuses to start with one unbound).
    Module({
      imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PostingsWorkerModule, PipelinesModule, InterviewsModule, ScorecardsModule],
    })(FeedsBenchModule);
    const app = await NestFactory.createApplicationContext(FeedsBenchModule, { logger: false });
    await app.init();
    const boards = app.get(BoardsService);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    generate = async () => {
      await TenantContext.run(organizationId, () => boards.regenerateFeeds(organizationId));
    };
    cleanup = async () => {
      const rows = (
        await pool.query(`SELECT sum(octet_length(body))::bigint AS bytes, sum(job_count)::int AS n FROM board_feeds WHERE organization_id = $1`, [
          organizationId,
        ])
      ).rows[0];
      bytes = Number(rows.bytes);
      entries = (
        await pool.query(`SELECT sum((length(body) - length(replace(body, '<job>', ''))) / 5)::int AS n FROM board_feeds WHERE organization_id = $1`, [
          organizationId,
        ])
      ).rows[0].n;
      await pool.end();
      await app.close();
    };
  } else if (mode === 'naive') {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`CREATE TEMP TABLE naive_feeds (board text PRIMARY KEY, body text NOT NULL, etag text NOT NULL)`);
    const base = (process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
    generate = async () => {
      bytes = 0;
      entries = 0;
      for (const board of ['indeed', 'linkedin']) {
        const { rows } = await client.query(NAIVE_SQL, [organizationId, board]);
        let xml =
          board === 'indeed'
            ? '<?xml version="1.0" encoding="utf-8"?>\n<source>\n<publisher>Hireloop</publisher>\n'
            : '<?xml version="1.0" encoding="UTF-8"?>\n<source>\n<publisher>Hireloop</publisher>\n';
        for (const r of rows) {
          const locations: Array<{ city: string; region: string; country: string; postal: string | null; street: string | null }> =
            r.work_model === 'remote'
              ? (r.remote_countries.length ? r.remote_countries : ['US']).map((c: string) => ({
                  city: 'Remote',
                  region: '',
                  country: c,
                  postal: null,
                  street: null,
                }))
              : r.offices;
          const url = `${base}/careers/${r.slug}/jobs/${r.public_id}`;
          for (let i = 0; i < locations.length; i++) {
            const l = locations[i];
            entries++;
            if (board === 'indeed') {
              xml +=
                '<job>\n<title><![CDATA[' +
                r.title +
                ']]></title>\n<date><![CDATA[' +
                new Date(r.published_at).toUTCString() +
                ']]></date>\n<referencenumber><![CDATA[hl-' +
                r.public_id +
                (i ? '-' + i : '') +
                ']]></referencenumber>\n<requisitionid><![CDATA[' +
                r.job_public_id +
                ']]></requisitionid>\n<url><![CDATA[' +
                url +
                '?source=Indeed]]></url>\n<company><![CDATA[' +
                r.org_name +
                ']]></company>\n<sourcename><![CDATA[' +
                r.org_name +
                ']]></sourcename>\n<city><![CDATA[' +
                l.city +
                ']]></city>\n<state><![CDATA[' +
                l.region +
                ']]></state>\n<country><![CDATA[' +
                l.country +
                ']]></country>\n<postalcode><![CDATA[' +
                (l.postal ?? '') +
                ']]></postalcode>\n<streetaddress><![CDATA[' +
                (l.street ?? '') +
                ']]></streetaddress>\n<description><![CDATA[' +
                r.description_html +
                ']]></description>\n<salary><![CDATA[' +
                r.salary_min +
                ' ' +
                r.salary_currency +
                ' - ' +
                r.salary_max +
                ' ' +
                r.salary_currency +
                ' per year]]></salary>\n<jobtype><![CDATA[' +
                r.employment_type +
                ']]></jobtype>\n<category><![CDATA[' +
                (r.department ?? '') +
                ']]></category>\n<experience><![CDATA[' +
                r.seniority +
                ']]></experience>\n<expirationdate><![CDATA[]]></expirationdate>\n<lastactivitydate><![CDATA[' +
                new Date(r.updated_at).toUTCString() +
                ']]></lastactivitydate>\n</job>\n';
            } else {
              xml +=
                '<job>\n<partnerJobId><![CDATA[hl-' +
                r.public_id +
                (i ? '-' + i : '') +
                ']]></partnerJobId>\n<company><![CDATA[' +
                r.org_name +
                ']]></company>\n<title><![CDATA[' +
                r.title +
                ']]></title>\n<description><![CDATA[' +
                r.description_html +
                ']]></description>\n<applyUrl><![CDATA[' +
                url +
                '?source=LinkedIn]]></applyUrl>\n<companyId><![CDATA[' +
                r.slug +
                ']]></companyId>\n<location><![CDATA[' +
                [l.city, l.region, l.country].filter(Boolean).join(', ') +
                ']]></location>\n<city><![CDATA[' +
                l.city +
                ']]></city>\n<state><![CDATA[' +
                l.region +
                ']]></state>\n<country><![CDATA[' +
                l.country +
                ']]></country>\n<isRemote><![CDATA[' +
                (r.work_model === 'remote' ? 'Yes' : 'No') +
                ']]></isRemote>\n<workplaceTypes><![CDATA[' +
                r.work_model +
                ']]></workplaceTypes>\n<experienceLevel><![CDATA[' +
                r.seniority +
                ']]></experienceLevel>\n<jobtype><![CDATA[' +
                r.employment_type +
                ']]></jobtype>\n<salaries><salary>\n<highEnd><amount><![CDATA[' +
                r.salary_max +
                ']]></amount><currencyCode><![CDATA[' +
                r.salary_currency +
                ']]></currencyCode></highEnd>\n<lowEnd><amount><![CDATA[' +
                r.salary_min +
                ']]></amount><currencyCode><![CDATA[' +
                r.salary_currency +
                ']]></currencyCode></lowEnd>\n<period><![CDATA[YEARLY]]></period>\n<type><![CDATA[BASE_SALARY]]></type>\n</salary></salaries>\n<listDate><![CDATA[' +
                new Date(r.published_at).toISOString() +
                ']]></listDate>\n</job>\n';
            }
          }
        }
        xml += '</source>\n';
        const etag = createHash('sha256').update(xml).digest('hex').slice(0, 32);
        await client.query(
          `INSERT INTO naive_feeds (board, body, etag) VALUES ($1, $2, $3) ON CONFLICT (board) DO UPDATE SET body = EXCLUDED.body, etag = EXCLUDED.etag`,
          [board, xml, etag],
        );
        bytes += Buffer.byteLength(xml);
      }
    };
    cleanup = () => client.end();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }

  const before = process.memoryUsage();
  const rssBeforeKb = process.resourceUsage().maxRSS;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await generate();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const after = process.memoryUsage();
  const maxRssKb = process.resourceUsage().maxRSS;
  await cleanup();
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      mode,
      runs,
      firstMs: times[0],
      medianMs: sorted[Math.floor(sorted.length / 2)],
      rssBeforeMb: mb(before.rss),
      maxRssBeforeMb: rssBeforeKb / 1024,
      peakRssMb: maxRssKb / 1024,
      heapUsedAfterMb: mb(after.heapUsed),
      bytes,
      entries,
    }),
  );
}

/** The same live postings Hireloop's feeds show, with their offices, in one raw query. */
const NAIVE_SQL = `
  SELECT p.public_id, jp.public_id AS job_public_id, p.published_at, GREATEST(p.updated_at, j.updated_at) AS updated_at, org.name AS org_name, org.slug,
         j.title, j.description_html, j.work_model, j.remote_countries, j.employment_type, j.seniority, j.salary_min, j.salary_max, j.salary_currency, d.name AS department,
         COALESCE((SELECT json_agg(json_build_object('city', o.city, 'region', o.region, 'country', o.country, 'postal', o.postal_code, 'street', o.street_address) ORDER BY jo.position)
                     FROM job_offices jo JOIN offices o ON o.id = jo.office_id WHERE jo.job_id = j.id), '[]'::json) AS offices
    FROM postings p JOIN jobs j ON j.id = p.job_id JOIN organizations org ON org.id = p.organization_id
    LEFT JOIN board_public_ids jp ON jp.kind = 'job' AND jp.entity_id = j.id
    LEFT JOIN departments d ON d.id = j.department_id
   WHERE p.organization_id = $1 AND p.board = $2 AND p.status = 'live' AND (p.valid_through IS NULL OR p.valid_through > now())
   ORDER BY p.published_at DESC, p.public_id DESC`;

runAndExit(main);

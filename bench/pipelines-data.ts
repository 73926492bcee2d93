import { BenchEnvironment, QUICK } from './harness.js';

export const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? (QUICK ? 60_000 : 1_000_000));
export const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? (QUICK ? 20_000 : 300_000));
export const JOBS = Number(process.env.BENCH_PIPELINE_JOBS ?? (QUICK ? 200 : 2_000));

/**
 * Pipelines at scale in one organization (INSERT ... SELECT generate_series): APPLICATIONS applications over
 * CANDIDATES candidates and JOBS jobs of 8 stages each; the largest job holds about a tenth of the applications
 * (100,000 of 1,000,000). Returns that job.
 */
export async function loadPipelines(
  env: BenchEnvironment,
  orgId: string,
  reasonId: string,
): Promise<{ jobId: string; largest: { job_id: string; n: number } }> {
  // --- generate ------------------------------------------------------------------------------
  const t0 = Date.now();
  const [template] = (await env.pool.query(`SELECT id, latest_revision_id FROM templates WHERE built_in AND latest_revision_id IS NOT NULL LIMIT 1`)).rows;
  await env.pool.query(
    `INSERT INTO jobs (organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority, status, created_at)
     SELECT $1, $2, $3, 'Backend Engineer #' || g, 'md', '<p>job</p>', 'remote', 'FULL_TIME', 'senior', 'open', now() - (g || ' minutes')::interval
       FROM generate_series(1, $4::int) g`,
    [orgId, template.id, template.latest_revision_id, JOBS],
  );
  await env.pool.query(
    `INSERT INTO job_stages (organization_id, job_id, position, name, kind, sla_days)
     SELECT $1, j.id, s.pos, s.name, s.kind, s.sla FROM jobs j
      CROSS JOIN (VALUES (0, 'Application review', 'application_review', 3), (1, 'Recruiter screen', 'recruiter_screen', 5),
                         (2, 'Take-home', 'take_home', 7), (3, 'Technical interview', 'technical_interview', 7), (4, 'System design', 'system_design', 7),
                         (5, 'Hiring manager', 'hiring_manager', 5), (6, 'Offer', 'offer', NULL), (7, 'Hired', 'hired', NULL)) AS s(pos, name, kind, sla)
      WHERE j.organization_id = $1`,
    [orgId],
  );
  const tJobs = Date.now();
  await env.pool.query(
    `INSERT INTO candidates (organization_id, first_name, last_name, emails, phones, tags, source, resume_text, created_at)
     SELECT $1, f.name, l.name, ARRAY[lower(f.name) || '.' || lower(l.name) || '.' || g || '@mail' || (g % 7) || '.example'],
            ARRAY['+1555' || lpad(g::text, 7, '0')],
            CASE WHEN g % 3 = 0 THEN ARRAY['python', 'django'] WHEN g % 3 = 1 THEN ARRAY['go', 'kubernetes'] ELSE ARRAY['java'] END,
            (ARRAY['careers', 'linkedin', 'indeed', 'referral'])[1 + g % 4],
            'Backend engineer with ' || (g % 15) || ' years of ' || (ARRAY['postgres and kafka', 'distributed systems', 'payments APIs', 'data pipelines', 'platform tooling'])[1 + g % 5] || ' experience',
            now() - (g || ' seconds')::interval
       FROM generate_series(1, $2::int) g
       CROSS JOIN LATERAL (SELECT (ARRAY['James','Mary','John','Patricia','Robert','Jennifer','Michael','Linda','David','Elizabeth','Wei','Aisha','Carlos','Yuki','Olga','Ravi'])[1 + g % 16] AS name) f
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 60000 = 17 THEN 'Zyskowski' ELSE (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Chen','Khan','Silva','Tanaka','Ivanova','Patel','Nowak','Okafor','Rossi'])[1 + (g / 16) % 17] END AS name) l`,
    [orgId, CANDIDATES],
  );
  await env.pool.query(
    `INSERT INTO candidate_emails (organization_id, email, candidate_id) SELECT organization_id, emails[1], id FROM candidates WHERE organization_id = $1`,
    [orgId],
  );
  const tCandidates = Date.now();
  // One session for the temp tables.
  const client = await env.pool.connect();
  try {
    await client.query(
      `CREATE TEMP TABLE bench_cand AS SELECT id, (row_number() OVER (ORDER BY created_at DESC, id) - 1)::int AS rn FROM candidates WHERE organization_id = $1`,
      [orgId],
    );
    await client.query(
      `CREATE TEMP TABLE bench_job AS SELECT id, (row_number() OVER (ORDER BY created_at DESC, id))::int AS rn FROM jobs WHERE organization_id = $1`,
      [orgId],
    );
    await client.query(`CREATE UNIQUE INDEX ON bench_cand (rn)`);
    await client.query(`CREATE UNIQUE INDEX ON bench_job (rn)`);
    await client.query(`CREATE TEMP TABLE bench_stage AS SELECT s.job_id, s.position, s.id FROM job_stages s JOIN bench_job j ON j.id = s.job_id`);
    await client.query(`CREATE UNIQUE INDEX ON bench_stage (job_id, position)`);
    await client.query(`ANALYZE bench_cand; ANALYZE bench_job; ANALYZE bench_stage`);
    // Candidate c = (g-1) % N applies to job 1 (the largest, ~10%) when (c + k) % 10 = 0, otherwise to one of the
    // others; for one candidate every k picks a different job, so the one-active-application index holds.
    await client.query(
      `INSERT INTO applications (organization_id, candidate_id, job_id, stage_id, status, source, applied_at, stage_entered_at, rejection_reason_id, closed_at)
       SELECT $1, c.id, j.id, st.id,
              CASE WHEN x.g % 10 < 8 THEN 'active' WHEN x.g % 10 = 8 THEN 'rejected' ELSE 'withdrawn' END,
              (ARRAY['careers', 'linkedin', 'indeed', 'referral'])[1 + x.g % 4],
              now() - ((x.g::bigint * 7919) % 31536000) * interval '1 second',
              now() - ((x.g::bigint * 7919) % 31536000) * interval '1 second' + (x.g % 86400) * interval '1 second',
              CASE WHEN x.g % 10 = 8 THEN $3::uuid END,
              CASE WHEN x.g % 10 >= 8 THEN now() END
         FROM (SELECT g, (g - 1) % $4 AS c, (g - 1) / $4 AS k FROM generate_series(1, $2::int) g) x
         JOIN bench_cand c ON c.rn = x.c
         JOIN bench_job j ON j.rn = CASE WHEN (x.c + x.k) % 10 = 0 THEN 1 ELSE 2 + ((x.c + x.k * 53) % ($5 - 1)) END
         JOIN bench_stage st ON st.job_id = j.id
                            AND st.position = CASE WHEN x.g % 100 < 50 THEN 0 WHEN x.g % 100 < 75 THEN 1 WHEN x.g % 100 < 87 THEN 2
                                                   WHEN x.g % 100 < 94 THEN 3 WHEN x.g % 100 < 98 THEN 4 ELSE 5 END`,
      [orgId, APPLICATIONS, reasonId, CANDIDATES, JOBS],
    );
  } finally {
    client.release();
  }
  const tApps = Date.now();
  await env.pool.query(`VACUUM ANALYZE applications`);
  await env.pool.query(`VACUUM ANALYZE candidates`);
  await env.pool.query(`VACUUM ANALYZE job_stages`);
  const tDone = Date.now();
  const [{ n: appCount }] = (await env.pool.query(`SELECT count(*)::int AS n FROM applications WHERE organization_id = $1`, [orgId])).rows;
  const [largest] = (
    await env.pool.query(`SELECT job_id, count(*)::int AS n FROM applications WHERE organization_id = $1 GROUP BY job_id ORDER BY n DESC LIMIT 1`, [orgId])
  ).rows;
  console.log('\n## Data set (one organization)');
  console.log(`| jobs | stages | candidates | applications | largest job | load time |`);
  console.log(`| ---: | ---: | ---: | ---: | ---: | --- |`);
  console.log(
    `| ${JOBS} | ${JOBS * 8} | ${CANDIDATES} | ${appCount} | ${largest.n} | jobs ${((tJobs - t0) / 1000).toFixed(1)} s, candidates ${((tCandidates - tJobs) / 1000).toFixed(1)} s, applications ${((tApps - tCandidates) / 1000).toFixed(1)} s, vacuum ${((tDone - tApps) / 1000).toFixed(1)} s |`,
  );
  return { jobId: largest.job_id as string, largest };
}

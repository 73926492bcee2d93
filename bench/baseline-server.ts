import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { USER_NAMES_SQL, type AuthUserRow } from '../libs/identity/src/auth/auth-queries.js';
import {
  ACTIVE_SEATS_SQL,
  INTERVIEW_FOR_PANELIST_SQL,
  IS_ON_PANEL_SQL,
  orderPanelSeats,
  PANEL_OF_SQL,
  SCHEDULED_KITS_SQL,
} from '../libs/interviews/src/interview-reads-sql.js';
import type { KitContent } from '../libs/interviews/src/library/index.js';
import { APPLICANTS_BY_JOB_SQL, LIVE_APPLICATIONS_SQL } from '../libs/pipelines/src/pipeline-reads-sql.js';
import { OWN_SUBMITTED_SQL, SUBMITTED_SCORECARDS_SQL } from '../libs/scorecards/src/scorecard-status-sql.js';
import { summariseScorecards } from '../libs/scorecards/src/rules/summary.js';
import { JOB_EXISTS_SQL, JOB_OFFICES_SQL, JOB_STAGE_PLAN_SQL, JOB_TEAMS_SQL, jobListQuery, type JobListRow } from '../libs/jobs/src/job-list-sql.js';
import { BOARD_SQL, boardParams, jobApplicationsQuery } from '../libs/pipelines/src/pipeline-board-sql.js';
import { scorecardStatusLabels, SUBMITTED_SEATS_SQL } from '../libs/scorecards/src/scorecard-status-sql.js';
import { PUBLISH_DOMAIN_EVENT_SQL } from '../libs/platform/src/events/domain-event-sql.js';
import { JOB_QUEUE, JobName } from '../libs/platform/src/queue/queue-names.js';
import { authorize, BASELINE_FASTIFY_OPTIONS, baselineConnections, iso, me, noteActor, registerResponseEnvelope } from './baseline-work.js';

/**
 * The raw baseline: Fastify + pg, no framework, no ORM, no row-level security, in a process of its own. Each route does
 * exactly the work the product's route must do: verify the HS256 bearer token (exp required), load the active user in
 * the token's organization with the product's own query (AUTH_USER_SQL, token epoch checked), check the role, run the
 * product's SQL (imported from the production modules, not copied) and answer the same JSON fields. Like the API, it
 * takes a token from the person's rate limit bucket in Redis on every signed-in request (the production script, the
 * same key, the bench organizations' limits) and sends the RateLimit headers. And like every answer of the API's, each
 * of its answers carries the request id and the security headers, is counted in the latency histogram and gets its
 * request line in the log (registerResponseEnvelope).
 *
 * Usage: PORT=… DATABASE_URL=… JWT_SECRET=… node dist/bench/baseline-server.js
 */
const { pool, redis } = baselineConnections();

async function authenticate(request: FastifyRequest, reply: FastifyReply, roles?: string[]): Promise<AuthUserRow | null> {
  const outcome = await authorize(pool, redis, request.headers.authorization, roles);
  if (outcome.headers) void reply.headers(outcome.headers);
  if ('user' in outcome) {
    noteActor(request, outcome.user);
    return outcome.user;
  }
  await reply.code(outcome.status).send({ title: outcome.title });
  return null;
}

const app = Fastify({ logger: false, ...BASELINE_FASTIFY_OPTIONS });
registerResponseEnvelope(app);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

app.get('/health', () => ({ ok: true }));

app.get('/v1/me', async (request, reply) => {
  const user = await authenticate(request, reply);
  if (!user) return reply;
  return me(pool, user);
});

app.get<{ Querystring: { limit?: string; cursor?: string } }>('/v1/jobs', async (request, reply) => {
  const user = await authenticate(request, reply, ['admin', 'recruiter']);
  if (!user) return reply;
  const limit = Number(request.query.limit ?? 25);
  const { sql, params } = jobListQuery({ organizationId: user.organization_id, visibleJobIds: null, limit, cursor: request.query.cursor });
  const { rows } = await pool.query<JobListRow>(sql, params);
  const data = rows.slice(0, limit);
  const ids = data.map((r) => r.id);
  const [offices, team, applicants] = await Promise.all([
    pool.query<{ job_id: string; office_id: string }>(JOB_OFFICES_SQL, [ids]),
    pool.query<{ job_id: string; user_id: string; role: string }>(JOB_TEAMS_SQL, [ids]),
    pool.query<{ job_id: string; total: number; active: number }>(APPLICANTS_BY_JOB_SQL, [user.organization_id, ids]),
  ]);
  const last = data[data.length - 1];
  return {
    data: data.map((j) => ({
      id: j.id,
      organizationId: j.organization_id,
      title: j.title,
      status: j.status,
      templateId: j.template_id,
      templateRevisionId: j.template_revision_id,
      departmentId: j.department_id,
      officeIds: offices.rows.filter((o) => o.job_id === j.id).map((o) => o.office_id),
      workModel: j.work_model,
      remoteCountries: j.remote_countries,
      employmentType: j.employment_type,
      seniority: j.seniority,
      salary:
        j.salary_min === null || j.salary_max === null || !j.salary_currency || !j.salary_period
          ? null
          : { min: Number(j.salary_min), max: Number(j.salary_max), currency: j.salary_currency, period: j.salary_period, suggested: j.salary_suggested },
      openings: j.openings,
      filled: j.filled,
      applicantCount: applicants.rows.find((a) => a.job_id === j.id)?.total ?? 0,
      activeApplicantCount: applicants.rows.find((a) => a.job_id === j.id)?.active ?? 0,
      hiringTeam: {
        recruiterIds: team.rows.filter((t) => t.job_id === j.id && t.role === 'recruiter').map((t) => t.user_id),
        hiringManagerIds: team.rows.filter((t) => t.job_id === j.id && t.role === 'hiring_manager').map((t) => t.user_id),
        interviewerIds: team.rows.filter((t) => t.job_id === j.id && t.role === 'interviewer').map((t) => t.user_id),
      },
      closeReason: j.close_reason,
      version: j.version,
      openedAt: iso(j.opened_at),
      closedAt: iso(j.closed_at),
      createdAt: iso(j.created_at),
      updatedAt: iso(j.updated_at),
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.keyset_0, last.id])).toString('base64url') : null,
  };
});

type ApplicationsRequest = FastifyRequest<{ Querystring: { limit?: string; cursor?: string } }>;

/** A job's applications page: `GET /v1/jobs/:id/applications` and `GET /v1/applications?jobId=…` alike, as in the API. */
async function jobApplicationsPage(request: ApplicationsRequest, reply: FastifyReply, jobId: string): Promise<unknown> {
  const user = await authenticate(request, reply, ['admin', 'recruiter', 'hiring_manager', 'interviewer']);
  if (!user) return reply;
  const limit = Number(request.query.limit ?? 25);
  const { sql, params } = jobApplicationsQuery(jobId, { limit, cursor: request.query.cursor, sort: 'applied_at', direction: 'desc' }, null);
  const [exists, page] = await Promise.all([pool.query(JOB_EXISTS_SQL, [user.organization_id, jobId]), pool.query<Record<string, unknown>>(sql, params)]);
  if (!exists.rowCount) return reply.code(404).send({ title: 'Not found' });
  const data = page.rows.slice(0, limit);
  const ids = data.map((r) => r.id as string);
  const seats = ids.length
    ? (await pool.query<{ application_id: string; interview_id: string; user_id: string }>(ACTIVE_SEATS_SQL, [ids, user.organization_id])).rows.map((r) => ({
        applicationId: r.application_id,
        interviewId: r.interview_id,
        userId: r.user_id,
      }))
    : [];
  const submitted = seats.length
    ? (
        await pool.query<{ interview_id: string; interviewer_id: string }>(SUBMITTED_SEATS_SQL, [
          user.organization_id,
          [...new Set(seats.map((s) => s.interviewId))],
        ])
      ).rows
    : [];
  const statuses = scorecardStatusLabels(seats, submitted);
  const last = data[data.length - 1];
  return {
    data: data.map((r) => ({
      id: r.id,
      candidateId: r.candidate_id,
      candidateName: r.candidate_name,
      stageId: r.stage_id,
      status: r.status,
      source: r.source,
      version: r.version,
      appliedAt: (r.applied_at as Date).toISOString(),
      stageEnteredAt: (r.stage_entered_at as Date).toISOString(),
      secondsInStage: Number(r.seconds_in_stage),
      scorecardStatus: statuses.get(r.id as string) ?? null,
    })),
    nextCursor: page.rows.length > limit && last ? Buffer.from(JSON.stringify([last.key, last.id])).toString('base64url') : null,
  };
}

app.get<{ Params: { id: string }; Querystring: { limit?: string; cursor?: string } }>('/v1/jobs/:id/applications', (request, reply) =>
  UUID.test(request.params.id) ? jobApplicationsPage(request, reply, request.params.id) : reply.code(404).send({ title: 'Not found' }),
);
app.get<{ Querystring: { jobId?: string; limit?: string; cursor?: string } }>('/v1/applications', (request, reply) =>
  UUID.test(request.query.jobId ?? '') ? jobApplicationsPage(request, reply, request.query.jobId!) : reply.code(400).send({ title: 'Bad Request' }),
);

app.get<{ Params: { id: string } }>('/v1/jobs/:id/pipeline', async (request, reply) => {
  const user = await authenticate(request, reply, ['admin', 'recruiter', 'hiring_manager']);
  if (!user) return reply;
  const jobId = request.params.id;
  if (!UUID.test(jobId)) return reply.code(404).send({ title: 'Not found' });
  const [exists, plan] = await Promise.all([
    pool.query(JOB_EXISTS_SQL, [user.organization_id, jobId]),
    pool.query<{ id: string; name: string; kind: string; position: number; sla_days: number | null }>(JOB_STAGE_PLAN_SQL, [user.organization_id, jobId]),
  ]);
  if (!exists.rowCount) return reply.code(404).send({ title: 'Not found' });
  const stages = plan.rows.map((s) => ({ id: s.id, slaDays: s.sla_days }));
  const { rows } = await pool.query<{ id: string; active_count: number; over_sla_count: number; oldest_entered_at: Date | null }>(
    BOARD_SQL,
    boardParams(jobId, stages),
  );
  const counts = new Map(rows.map((r) => [r.id, r]));
  return {
    jobId,
    stages: plan.rows.map((s) => {
      const r = counts.get(s.id);
      return {
        id: s.id,
        name: s.name,
        kind: s.kind,
        position: s.position,
        slaDays: s.sla_days,
        activeCount: r?.active_count ?? 0,
        overSlaCount: r?.over_sla_count ?? 0,
        oldestEnteredAt: iso(r?.oldest_entered_at ?? null),
      };
    }),
  };
});

/**
 * The scorecard summary as the product computes it: the application's job and the reader's seat (one round trip), the
 * blind rule for a panelist, then the submitted scorecards, the panel (with names) and the kits, and the same pure
 * summary. Admins and recruiters read every application; the bench reads as an admin.
 */
app.get<{ Params: { id: string } }>('/v1/applications/:id/scorecard-summary', async (request, reply) => {
  const user = await authenticate(request, reply);
  if (!user) return reply;
  const applicationId = request.params.id;
  if (!UUID.test(applicationId)) return reply.code(404).send({ title: 'Not found' });
  const org = user.organization_id;
  const [apps, seat] = await Promise.all([
    pool.query(LIVE_APPLICATIONS_SQL, [org, [applicationId]]),
    pool.query(IS_ON_PANEL_SQL, [applicationId, org, user.id]),
  ]);
  if (!apps.rowCount) return reply.code(404).send({ title: 'Not found' });
  const onPanel = (seat.rowCount ?? 0) > 0;
  if (!onPanel && !user.roles.some((r) => ['admin', 'recruiter'].includes(r))) return reply.code(404).send({ title: 'Not found' });
  const blind = onPanel ? !(await pool.query<{ submitted: boolean }>(OWN_SUBMITTED_SQL, [applicationId, user.id])).rows[0].submitted : false;
  const [cards, panelRows, kits] = await Promise.all([
    pool.query(SUBMITTED_SCORECARDS_SQL, [applicationId, org, blind ? user.id : null]),
    pool.query<{ interview_id: string; user_id: string }>(PANEL_OF_SQL, [applicationId, org]).then(async (r) => {
      const ids = [...new Set(r.rows.map((x) => x.user_id))];
      const names = ids.length ? (await pool.query<{ id: string; name: string }>(USER_NAMES_SQL, [org, ids])).rows : [];
      return orderPanelSeats(r.rows, new Map(names.map((n) => [n.id, n.name])));
    }),
    pool.query<{ content: KitContent }>(SCHEDULED_KITS_SQL, [applicationId, org]),
  ]);
  const order = [...new Set<string>(kits.rows.flatMap((k) => k.content.competencies.map((c) => c.key)))];
  const names = new Map(panelRows.map((p) => [p.userId, p.name]));
  const summary = summariseScorecards(
    cards.rows.map((c) => ({ scorecardId: c.id, interviewId: c.interview_id, interviewerId: c.interviewer_id, ratings: c.ratings, overall: c.overall })),
    panelRows.map((p) => ({ interviewId: p.interviewId, interviewerId: p.userId })),
    order,
  );
  const kitCompetencies = new Map<string, { key: string; name: string; rubric: string[] }>();
  for (const c of kits.rows.flatMap((k) => k.content.competencies))
    if (!kitCompetencies.has(c.key)) kitCompetencies.set(c.key, { key: c.key, name: c.name, rubric: [...c.rubric] });
  const authorIds = [...new Set(cards.rows.map((c) => c.interviewer_id as string))];
  const unnamed = authorIds.filter((id) => !names.has(id));
  if (unnamed.length) for (const u of (await pool.query<{ id: string; name: string }>(USER_NAMES_SQL, [org, unnamed])).rows) names.set(u.id, u.name);
  return {
    applicationId,
    blind,
    ...summary,
    owed: summary.owed.map((o) => ({ ...o, interviewerName: names.get(o.interviewerId) ?? '' })),
    kitCompetencies: [...kitCompetencies.values()],
    raters: authorIds.map((id) => ({ id, name: names.get(id) ?? 'A former panelist' })),
  };
});

/**
 * Scorecard submit with the product's writes: the token and the user, the interview with its kit and the caller's
 * seat (INTERVIEW_FOR_PANELIST_SQL), then one transaction: the per-scorecard advisory lock, the current scorecard,
 * the insert, the audit entry, the timeline event and the domain event. (Validation against the kit is the product's pure code; the
 * bench sends a valid body, so it is not repeated here.)
 */
app.post<{ Params: { id: string }; Body: { ratings: unknown[]; keyTakeaways?: string; overall?: string } }>(
  '/v1/interviews/:id/scorecard/submit',
  async (request, reply) => {
    const user = await authenticate(request, reply);
    if (!user) return reply;
    const interviewId = request.params.id;
    if (!UUID.test(interviewId)) return reply.code(404).send({ title: 'Not found' });
    const org = user.organization_id;
    const [ctx] = (await pool.query(INTERVIEW_FOR_PANELIST_SQL, [interviewId, org, user.id])).rows;
    if (!ctx || ctx.member !== true) return reply.code(404).send({ title: 'Not found' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('hireloop.scorecard'), hashtext($1))`, [`${interviewId}:${user.id}`]);
      const current = await client.query(`SELECT id, status FROM scorecards WHERE interview_id = $1 AND interviewer_id = $2 AND current`, [
        interviewId,
        user.id,
      ]);
      if (current.rows[0]?.status === 'submitted') {
        await client.query('ROLLBACK');
        return reply.code(409).send({ title: 'Already submitted' });
      }
      const body = request.body;
      const inserted = await client.query(
        `INSERT INTO scorecards (organization_id, interview_id, application_id, job_id, interviewer_id, kit_revision_id, version, status, current, ratings, question_notes, key_takeaways, overall, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, 'submitted', true, $7, '[]', $8, $9, now()) RETURNING *`,
        [
          org,
          interviewId,
          ctx.application_id,
          ctx.job_id,
          user.id,
          ctx.kit_revision_id,
          JSON.stringify(body.ratings),
          body.keyTakeaways ?? null,
          body.overall ?? null,
        ],
      );
      const card = inserted.rows[0];
      await client.query(
        `INSERT INTO audit_log (organization_id, actor_id, entity_type, entity_id, action, changes) VALUES ($1, $2, 'scorecard', $3, 'submit', $4)`,
        [org, user.id, card.id, JSON.stringify({ status: { from: null, to: 'submitted' } })],
      );
      await client.query(
        `INSERT INTO activity_events (organization_id, candidate_id, application_id, job_id, kind, actor_id, subject_type, subject_id, payload)
         VALUES ($1, $2, $3, $4, 'scorecard.submitted', $5, 'interview', $6, $7)`,
        [org, ctx.candidate_id, ctx.application_id, ctx.job_id, user.id, interviewId, JSON.stringify({ interviewId })],
      );
      // The scorecard.submitted domain event (webhooks' contract): the product's own statement.
      await client.query(PUBLISH_DOMAIN_EVENT_SQL, [
        org,
        'scorecard',
        `${interviewId}:${user.id}`,
        JobName.WebhooksFanOut,
        JOB_QUEUE[JobName.WebhooksFanOut],
        'scorecard.submitted',
        JSON.stringify(card),
      ]);
      await client.query('COMMIT');
      return { id: card.id, interviewId, status: card.status, version: card.version };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  },
);

app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }).then(
  () => undefined,
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});

import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import type { AuthUser, Role } from '../../libs/identity/src/index.js';
import { InterviewPanels, InterviewsModule } from '../../libs/interviews/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { AccessDecision, AccessPolicy, AccessScope, AccessTarget, Action, Resource } from '../../libs/jobs/src/index.js';
import { candidateCondition } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, PlatformModule, TenantContext } from '../../libs/platform/src/index.js';
import { closeTestDb, testDb } from '../support/db.js';
import { unique } from '../support/factories.js';
import { seatOnPanel } from '../support/pipelines-fixtures.js';
import { makePipeline, type Pipeline } from '../e2e/interviews-fixtures.js';

/**
 * The access policy, service level: the real modules on real Postgres (no HTTP). The hiring team
 * and the interview panel are real rows; the panel fact reaches the policy through the interviews
 * module's real port binding. One table: who × what × action → allow / hidden / forbidden.
 */
@Module({ imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, InterviewsModule, ScorecardsModule] })
class AccessPolicyTestModule {}

type Who = 'admin' | 'recruiter' | 'hiring manager on the team' | 'hiring manager off the team' | 'interviewer on the panel' | 'interviewer off the panel';
type What = 'job' | 'application' | 'candidate' | 'interview' | 'scorecard' | 'offer' | 'decision' | 'posting';

const A: AccessDecision = 'allow';
const H: AccessDecision = 'hidden';
const F: AccessDecision = 'forbidden';

/** [read, write] per resource, per actor. */
const TABLE: Record<Who, Record<What, [AccessDecision, AccessDecision]>> = {
  admin: { job: [A, A], application: [A, A], candidate: [A, A], interview: [A, A], scorecard: [A, F], offer: [A, A], decision: [A, A], posting: [A, A] },
  recruiter: { job: [A, A], application: [A, A], candidate: [A, A], interview: [A, A], scorecard: [A, F], offer: [A, A], decision: [A, F], posting: [A, A] },
  'hiring manager on the team': {
    job: [A, F],
    application: [A, A],
    candidate: [A, A],
    interview: [A, A],
    scorecard: [A, F],
    offer: [A, A],
    decision: [A, A],
    posting: [A, F],
  },
  'hiring manager off the team': {
    job: [H, H],
    application: [H, H],
    candidate: [H, H],
    interview: [H, H],
    scorecard: [H, H],
    offer: [H, H],
    decision: [H, H],
    posting: [H, H],
  },
  'interviewer on the panel': {
    job: [H, H],
    application: [A, F],
    candidate: [A, F],
    interview: [A, F],
    scorecard: [A, A],
    offer: [H, H],
    decision: [H, H],
    posting: [H, H],
  },
  'interviewer off the panel': {
    job: [H, H],
    application: [H, H],
    candidate: [H, H],
    interview: [H, H],
    scorecard: [H, H],
    offer: [H, H],
    decision: [H, H],
    posting: [H, H],
  },
};

const ROLES: Record<Who, Role[]> = {
  admin: ['admin' as Role],
  recruiter: ['recruiter' as Role],
  'hiring manager on the team': ['hiring_manager' as Role],
  'hiring manager off the team': ['hiring_manager' as Role],
  'interviewer on the panel': ['interviewer' as Role],
  'interviewer off the panel': ['interviewer' as Role],
};

describe('access policy: roles × resources × actions', () => {
  let ctx: INestApplicationContext;
  let policy: AccessPolicy;
  let panels: InterviewPanels;
  let organizationId: string;
  let pipeline: Pipeline;
  const actors = {} as Record<Who, AuthUser>;

  beforeAll(async () => {
    ctx = await NestFactory.createApplicationContext(AccessPolicyTestModule, { logger: false });
    await ctx.init();
    policy = ctx.get(AccessPolicy);
    panels = ctx.get(InterviewPanels);
    const db = await testDb();
    const slug = unique('org-');
    [{ id: organizationId }] = await db.query<{ id: string }[]>(`INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id`, [`Org ${slug}`, slug]);
    for (const who of Object.keys(ROLES) as Who[]) {
      const [user]: { id: string }[] = await db.query(
        `INSERT INTO users (organization_id, email, name, password_hash, roles) VALUES ($1, $2, $3, 'x', $4) RETURNING id`,
        [organizationId, `${unique('user')}@example.test`, who, ROLES[who]],
      );
      actors[who] = { id: user.id, organizationId, email: '', name: who, roles: ROLES[who] };
    }
    pipeline = await makePipeline({ id: organizationId } as never, {
      recruiters: [actors.recruiter.id],
      hiringManagers: [actors['hiring manager on the team'].id],
    });
    await seatOnPanel(
      organizationId,
      pipeline.jobId,
      { id: pipeline.applicationId, candidateId: pipeline.candidateId, stageId: pipeline.stageId },
      actors['interviewer on the panel'].id,
    );
  });

  afterAll(async () => {
    await ctx?.close();
    await closeTestDb();
  });

  /** Service calls run as the test organization, as a request of its users would (row-level security). */
  const inOrg = <T>(fn: () => Promise<T>): Promise<T> => TenantContext.run(organizationId, fn);

  /** The resource as its owning module describes it to the policy (the panel fact read from the interviews module). */
  async function target(what: What, actor: AuthUser): Promise<AccessTarget> {
    const { jobId, applicationId } = pipeline;
    const onPanel = await inOrg(() => panels.isOnPanel(organizationId, applicationId, actor.id));
    switch (what) {
      case 'job':
        return { resource: Resource.Job, jobId };
      case 'application':
        return { resource: Resource.Application, jobId, applicationId };
      case 'candidate':
        return { resource: Resource.Candidate, applications: [{ id: applicationId, jobId }] };
      case 'interview':
        return { resource: Resource.Interview, jobId, onPanel };
      case 'scorecard':
        return { resource: Resource.Scorecard, jobId, onPanel };
      case 'offer':
        return { resource: Resource.Offer, jobId };
      case 'decision':
        return { resource: Resource.Decision, jobId };
      case 'posting':
        return { resource: Resource.Posting, jobId };
    }
  }

  const cases = (Object.keys(TABLE) as Who[]).flatMap((who) =>
    (Object.keys(TABLE[who]) as What[]).flatMap((what) => [Action.Read, Action.Write].map((action, i) => [who, what, action, TABLE[who][what][i]] as const)),
  );

  it.each(cases)('%s → %s %s: %s', async (who, what, action, expected) => {
    const scope = await inOrg(() => policy.scope(actors[who]));
    expect(policy.decide(scope, action, await target(what, actors[who]))).toBe(expected);
  });

  it.each(cases.filter(([, , , expected]) => expected !== 'allow'))(
    '%s → %s %s: assertCan throws the owner’s error for %s',
    async (who, what, action, expected) => {
      const denied = { hidden: () => new Error('hidden'), forbidden: () => new Error('forbidden') };
      const resource = await target(what, actors[who]);
      await expect(inOrg(() => policy.assertCan(actors[who], action, resource, denied))).rejects.toThrow(expected);
    },
  );

  it.each(cases)('%s → %s %s: assertCan from the actor (panels read for the target alone) answers %s too', async (who, what, action, expected) => {
    const denied = { hidden: () => new Error('hidden'), forbidden: () => new Error('forbidden') };
    const resource = await target(what, actors[who]);
    const checked = inOrg(() => policy.assertCan(actors[who], action, resource, denied));
    if (expected === 'allow') await expect(checked).resolves.toMatchObject({ userId: actors[who].id });
    else await expect(checked).rejects.toThrow(expected);
  });

  it('an interviewer’s panel fact for one application comes from that application alone, not from every panel they sit on', async () => {
    const interviewer = actors['interviewer on the panel'];
    const unrelated = randomUUID();
    expect(await inOrg(() => panels.panelApplicationsAmong(organizationId, interviewer.id, [pipeline.applicationId, unrelated]))).toEqual([
      pipeline.applicationId,
    ]);
    expect(await inOrg(() => panels.panelApplicationsAmong(organizationId, actors['interviewer off the panel'].id, [pipeline.applicationId]))).toEqual([]);
    const scope = await inOrg(() =>
      policy.assertCan(interviewer, Action.Read, { resource: Resource.Scorecard, jobId: pipeline.jobId, onPanel: true }, { hidden: () => new Error('hidden') }),
    );
    expect(scope.applicationIds).toEqual([]);
  });

  it.each(Object.keys(TABLE) as Who[])('%s: the candidate SQL condition agrees with the candidate rule', async (who) => {
    const scope: AccessScope = await inOrg(() => policy.scope(actors[who]));
    const params: unknown[] = [pipeline.candidateId];
    const visible = candidateCondition(scope, params);
    const writable = candidateCondition(scope, params, true);
    const [row]: { visible: boolean; writable: boolean }[] = await (
      await testDb()
    ).query(`SELECT ${visible} AS visible, ${writable} AS writable FROM candidates c WHERE c.id = $1`, params);
    expect({ visible: row.visible, writable: row.writable }).toEqual({
      visible: TABLE[who].candidate[0] === 'allow',
      writable: TABLE[who].candidate[1] === 'allow',
    });
  });

  it.each([
    ['admin', null, null],
    ['recruiter', null, null],
    ['hiring manager on the team', 'job', 'job'],
    ['hiring manager off the team', 'none', 'none'],
    ['interviewer on the panel', 'none', 'none'],
  ] as const)('%s: list filters (visible jobs %s, managed jobs %s)', async (who, visible, managed) => {
    const scope = await inOrg(() => policy.scope(actors[who]));
    const expected = (v: 'job' | 'none' | null) => (v === null ? null : v === 'job' ? [pipeline.jobId] : []);
    expect(policy.visibleJobIds(scope)).toEqual(expected(visible));
    expect(policy.managedJobIds(scope)).toEqual(expected(managed));
  });

  it('a hiring manager seated on the team only as an interviewer works the pipeline but does not manage the job', async () => {
    const db = await testDb();
    const [user]: { id: string }[] = await db.query(
      `INSERT INTO users (organization_id, email, name, password_hash, roles) VALUES ($1, $2, 'Both', 'x', $3) RETURNING id`,
      [organizationId, `${unique('both')}@example.test`, ['hiring_manager', 'interviewer']],
    );
    await db.query(`INSERT INTO job_hiring_team (job_id, user_id, role, organization_id) VALUES ($1, $2, 'interviewer', $3)`, [
      pipeline.jobId,
      user.id,
      organizationId,
    ]);
    const scope = await inOrg(() => policy.scope({ id: user.id, organizationId, email: '', name: 'Both', roles: ['hiring_manager', 'interviewer'] as Role[] }));
    const { jobId, applicationId } = pipeline;
    expect(policy.decide(scope, Action.Write, { resource: Resource.Application, jobId, applicationId })).toBe('allow');
    expect(policy.decide(scope, Action.Read, { resource: Resource.Offer, jobId })).toBe('hidden');
    expect(policy.decide(scope, Action.Write, { resource: Resource.Interview, jobId, onPanel: false })).toBe('hidden');
  });

  it('a hiring-team seat counts only in the job’s own organization', async () => {
    const db = await testDb();
    const slug = unique('org-');
    const [{ id: otherOrg }]: { id: string }[] = await db.query(`INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id`, [`Org ${slug}`, slug]);
    const manager = actors['hiring manager on the team'];
    // The same user id asked about under another organization: the seat does not count there.
    const scope = await TenantContext.run(otherOrg, () => policy.scope({ ...manager, organizationId: otherOrg }));
    expect(scope.jobIds).toEqual([]);
    expect(policy.decide(scope, Action.Read, { resource: Resource.Job, jobId: pipeline.jobId })).toBe('hidden');
  });
});

import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuthService, OrganizationsService, type AuthUser, UsersService } from '../../../../libs/identity/src/index.js';
import { builtInKitsForStage, BuiltInKitsLoader, getBuiltInKit, InterviewScheduling } from '../../../../libs/interviews/src/index.js';
import {
  AccessPolicy,
  defaultInterviewPlan,
  JobDrafting,
  JobLifecycle,
  JobsService,
  JobStatus,
  OrgUnitsService,
  StageKind,
  type CreateJobDto,
} from '../../../../libs/jobs/src/index.js';
import {
  DecisionsService,
  HiringDecisionKind,
  OfferApprovalFlow,
  OfferDrafting,
  OfferOutcome,
  OfferSending,
  OfferStatus,
  PayPeriod,
} from '../../../../libs/offers/src/index.js';
import { ApplicationHistory, ApplicationIntake, ApplicationMoves, RejectionReasonsService } from '../../../../libs/pipelines/src/index.js';
import { TenantContext } from '../../../../libs/platform/src/index.js';
import { ScorecardsService } from '../../../../libs/scorecards/src/index.js';
import { BuiltInTemplatesLoader, TemplatesService, type ListTemplatesQueryDto } from '../../../../libs/templates/src/index.js';
import {
  DEMO_DEPARTMENTS,
  DEMO_JOBS,
  DEMO_OFFICES,
  DEMO_PASSWORD,
  DEMO_USERS,
  demoCandidate,
  EMPLOYMENT,
  type DemoJob,
  type DemoUserKey,
} from './demo-plan.js';

const DAY = 86_400_000;

export interface DemoSeedOptions {
  slug: string;
  name: string;
  /** Users are `<role>@<domain>`, candidates `…@candidates.<domain>`. */
  domain: string;
}

export interface DemoSeedResult {
  organizationId: string;
  created: { users: number; departments: number; offices: number; jobs: number; applications: number };
}

type Actors = Record<DemoUserKey, AuthUser>;
type Stage = { id: string; kind: StageKind; kitKey: string | null; position: number };

/**
 * Builds the demo organization through the modules' own services (as the people in it would through the API):
 * users, departments, offices, jobs from built-in templates in every state, candidates in every stage with
 * history over the past eight weeks, past and upcoming interviews with submitted and owed scorecards, a decision
 * waiting, an offer waiting for approval and a hire. Idempotent: users, departments and offices are found by
 * name, a job by its title (a job already there is left as it is, applications included).
 */
@Injectable()
export class DemoOrganizationSeeder {
  private readonly logger = new Logger(DemoOrganizationSeeder.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.moduleRef.get(type, { strict: false });
  }

  async seed(options: DemoSeedOptions): Promise<DemoSeedResult> {
    await this.get(BuiltInTemplatesLoader).load();
    await this.get(BuiltInKitsLoader).load();
    const organizations = this.get(OrganizationsService);
    const created = { users: 0, departments: 0, offices: 0, jobs: 0, applications: 0 };
    const existing = await TenantContext.crossTenant('the demo seeder looks for its organization', () => organizations.findBySlug(options.slug));
    let organizationId = existing?.id;
    if (!organizationId) {
      const admin = DEMO_USERS[0];
      const registration = await this.get(AuthService).register(
        {
          organizationName: options.name,
          organizationSlug: options.slug,
          name: admin.name,
          email: `${admin.local}@${options.domain}`,
          password: DEMO_PASSWORD,
        },
        // The demo's addresses are its own: its admin starts confirmed (no confirmation email) and may invite at once.
        { emailConfirmed: true },
      );
      organizationId = registration.organization.id;
      created.users += 1;
    }
    const orgId = organizationId;
    await TenantContext.run(orgId, async () => {
      const actors = await this.users(orgId, options.domain, created);
      const units = await this.units(actors.admin, created);
      let n = 0;
      for (const plan of DEMO_JOBS) {
        const applications = plan.perStage.reduce((a, b) => a + b, 0) + plan.rejected + (plan.offerPending ? 1 : 0) + (plan.hire ? 1 : 0);
        const made = await this.job(actors, units, plan, n, options.domain);
        if (made !== null) {
          created.jobs += 1;
          created.applications += made;
        }
        n += applications;
      }
    });
    return { organizationId: orgId, created };
  }

  // --- people and units ----------------------------------------------------------------------

  private async users(organizationId: string, domain: string, created: DemoSeedResult['created']): Promise<Actors> {
    const service = this.get(UsersService);
    const adminEmail = `${DEMO_USERS[0].local}@${domain}`;
    const all = (await service.list({ id: '', organizationId, email: '', name: '', roles: [] }, { limit: 100 })).data;
    const admin = all.find((u) => u.email === adminEmail);
    if (!admin) throw new Error(`The organization has no ${adminEmail}: it is not the demo organization.`);
    const actors = {} as Actors;
    for (const spec of DEMO_USERS) {
      const email = `${spec.local}@${domain}`;
      let user = all.find((u) => u.email === email);
      if (!user) {
        user = await this.txHost.withTransaction(() =>
          service.insertUser(organizationId, { email, name: spec.name, roles: spec.roles, password: DEMO_PASSWORD }, admin.id),
        );
        created.users += 1;
      }
      actors[spec.key] = { id: user.id, organizationId, email: user.email, name: user.name, roles: user.roles };
    }
    return actors;
  }

  private async units(admin: AuthUser, created: DemoSeedResult['created']): Promise<{ departments: Map<string, string>; offices: Map<string, string> }> {
    const units = this.get(OrgUnitsService);
    const departments = new Map((await units.listDepartments(admin, { limit: 100 })).data.map((d) => [d.name, d.id]));
    for (const name of DEMO_DEPARTMENTS) {
      if (departments.has(name)) continue;
      departments.set(name, (await units.createDepartment(admin, { name })).id);
      created.departments += 1;
    }
    const offices = new Map((await units.listOffices(admin, { limit: 100 })).data.map((o) => [o.name, o.id]));
    for (const office of DEMO_OFFICES) {
      if (offices.has(office.name)) continue;
      offices.set(office.name, (await units.createOffice(admin, { ...office })).id);
      created.offices += 1;
    }
    return { departments, offices };
  }

  // --- jobs and their pipelines --------------------------------------------------------------

  /** Creates the job and its applications; null when a job of this title is already there. */
  private async job(
    actors: Actors,
    units: { departments: Map<string, string>; offices: Map<string, string> },
    plan: DemoJob,
    firstCandidate: number,
    domain: string,
  ): Promise<number | null> {
    const jobs = this.get(JobsService);
    const found = await jobs.list(actors.recruiter, { q: plan.title, limit: 100 });
    if (found.data.some((v) => v.job.title === plan.title)) return null;
    const templates = await this.get(TemplatesService).list(actors.recruiter, { ...plan.template, builtIn: true, limit: 1 } as ListTemplatesQueryDto);
    const template = templates.data[0];
    if (!template) throw new Error(`No built-in template for ${JSON.stringify(plan.template)}`);
    // The default plan, with a built-in kit on every interview stage that has one.
    const interviewPlan = defaultInterviewPlan().map((stage) => ({
      name: stage.name,
      kind: stage.kind,
      kitKey: stage.kitKey ?? builtInKitsForStage(stage.kind)[0]?.key ?? null,
      slaDays: stage.slaDays,
    }));
    const input: CreateJobDto = {
      templateId: template.id,
      title: plan.title,
      departmentId: units.departments.get(plan.department)!,
      officeIds: plan.offices.map((name) => units.offices.get(name)!),
      workModel: plan.workModel,
      ...(plan.remoteCountries ? { remoteCountries: plan.remoteCountries } : {}),
      employmentType: EMPLOYMENT,
      seniority: plan.seniority,
      salary: plan.salary,
      openings: plan.openings,
      hiringTeam: {
        recruiterIds: [actors.recruiter.id],
        hiringManagerIds: [actors.manager.id],
        interviewerIds: [actors.interviewer.id, actors.interviewer2.id],
      },
      interviewPlan,
    };
    const view = await this.get(JobDrafting).create(actors.recruiter, input);
    if (plan.status === JobStatus.Draft) return 0;
    const lifecycle = this.get(JobLifecycle);
    await lifecycle.open(actors.recruiter, view.job.id, {});
    const stages: Stage[] = view.stages.map((s) => ({ id: s.id, kind: s.kind, kitKey: s.kitKey, position: s.position }));
    let n = firstCandidate;
    let made = 0;
    const targets: Array<{ to: number; reject?: boolean; offer?: 'pending' | 'hire' }> = [];
    plan.perStage.forEach((count, position) => {
      for (let i = 0; i < count; i += 1) targets.push({ to: position });
    });
    for (let i = 0; i < plan.rejected; i += 1) targets.push({ to: i % 3, reject: true });
    if (plan.offerPending) targets.push({ to: stageIndex(stages, StageKind.Offer), offer: 'pending' });
    if (plan.hire) targets.push({ to: stageIndex(stages, StageKind.Hired), offer: 'hire' });
    let owedLeft = plan.owedScorecard ? 1 : 0;
    for (const [i, target] of targets.entries()) {
      const owe = owedLeft > 0 && stages[target.to]?.kind === StageKind.SystemDesign;
      if (owe) owedLeft -= 1;
      await this.application(actors, view.job.id, plan, stages, target, demoCandidate(n, domain), i, owe);
      n += 1;
      made += 1;
    }
    if (plan.status === JobStatus.OnHold) await lifecycle.hold(actors.recruiter, view.job.id, {});
    if (plan.status === JobStatus.Closed) await lifecycle.close(actors.recruiter, view.job.id, { reason: 'Filled internally before the demo began.' });
    return made;
  }

  /** One candidate's way through the plan: moves, interviews with scorecards, the decision and offer, then history over past weeks. */
  private async application(
    actors: Actors,
    jobId: string,
    plan: DemoJob,
    stages: Stage[],
    target: { to: number; reject?: boolean; offer?: 'pending' | 'hire' },
    person: ReturnType<typeof demoCandidate>,
    index: number,
    oweScorecard: boolean,
  ): Promise<void> {
    const scope = await this.get(AccessPolicy).scope(actors.recruiter);
    const moves = this.get(ApplicationMoves);
    const app = await this.get(ApplicationIntake).create(actors.recruiter, scope, {
      jobId,
      source: person.source,
      candidate: { firstName: person.firstName, lastName: person.lastName, emails: [person.email], source: person.source, consentGiven: true },
    });
    const now = Date.now();
    // Applied 1 to 8 weeks ago; the last change a few days ago (today's upcoming interviews aside).
    const appliedAt = new Date(now - (56 - ((index * 5) % 49)) * DAY);
    const lastMoveAt = new Date(now - (1 + (index % 4)) * DAY);
    const span = lastMoveAt.getTime() - appliedAt.getTime();
    const decidingStage = stages.findIndex((s) => s.kind === StageKind.Offer);
    const movesTo = target.offer ? decidingStage : target.to;
    let version = app.version;
    for (let p = 1; p <= Math.min(movesTo, decidingStage - 1); p += 1) {
      const previous = stages[p - 1];
      if (hasInterview(previous)) {
        const at = new Date(appliedAt.getTime() + (span * (p - 0.5)) / Math.max(movesTo, 1));
        await this.interview(actors, app.id, previous, at, false, index);
      }
      version = (await moves.move(actors.recruiter, scope, app.id, { toStageId: stages[p].id, expectedVersion: version })).version;
    }
    const current = stages[Math.min(movesTo, decidingStage - 1)];
    if (!target.offer && !target.reject && hasInterview(current)) {
      if (oweScorecard) {
        await this.interview(actors, app.id, current, new Date(now - DAY / 2), true, index);
      } else if (index % 2 === 0) {
        // An upcoming interview, in the next days during working hours.
        const day = new Date(now + (1 + (index % 5)) * DAY);
        day.setUTCHours(9 + (index % 7), 0, 0, 0);
        await this.interview(actors, app.id, current, day, null, index);
      }
    }
    if (target.reject) {
      const reasons = await this.get(RejectionReasonsService).list(actors.recruiter.organizationId);
      await moves.reject(actors.recruiter, scope, app.id, { reasonId: reasons[index % reasons.length].id, expectedVersion: version });
    }
    if (target.offer) await this.offer(actors, app.id, plan, target.offer, index);
    await this.get(ApplicationHistory).spread(actors.recruiter.organizationId, app.id, appliedAt, lastMoveAt);
  }

  /** An interview of the stage's kit with both interviewers; `owe` true: the second one has not submitted, null: still ahead. */
  private async interview(actors: Actors, applicationId: string, stage: Stage, startsAt: Date, owe: boolean | null, index: number): Promise<void> {
    const panel = [actors.interviewer, actors.interviewer2];
    const interview = await this.get(InterviewScheduling).schedule(actors.recruiter, applicationId, {
      stageId: stage.id,
      startsAt: startsAt.toISOString(),
      durationMinutes: 60,
      interviewerIds: panel.map((u) => u.id),
      ...(index % 2 === 0 ? { videoUrl: 'https://meet.example.com/demo-robotics' } : { location: 'Berlin HQ, room "Ada"' }),
      allowOverlap: true,
    });
    if (owe === null) return;
    const kit = stage.kitKey ? getBuiltInKit(stage.kitKey) : undefined;
    const scorecards = this.get(ScorecardsService);
    for (const [i, interviewer] of panel.entries()) {
      if (owe && i === 1) continue;
      const rating = (2 + ((index + i) % 3)) as 2 | 3 | 4;
      await scorecards.submit(interviewer, interview.id, {
        ratings: (kit?.competencies ?? []).slice(0, 3).map((c, k) => ({
          competency: c.key,
          rating: k === 0 ? rating : 3,
          evidence: `${k === 0 ? 'Walked through' : 'Explained'} ${c.name.toLowerCase()} with a concrete example from their last team, and answered follow-ups clearly.`,
        })),
        keyTakeaways: rating >= 3 ? 'Clear thinker; would raise the bar on the team.' : 'Solid basics, needs support on the harder trade-offs.',
        overall: rating >= 3 ? (rating === 4 ? 'strong_yes' : 'yes') : 'no',
      });
    }
  }

  /** The hiring manager decides to offer; the recruiter drafts and submits; for a hire the chain approves, it is sent and accepted. */
  private async offer(actors: Actors, applicationId: string, plan: DemoJob, outcome: 'pending' | 'hire', index: number): Promise<void> {
    await this.get(DecisionsService).decide(actors.manager, applicationId, {
      decision: HiringDecisionKind.Offer,
      rationale: 'Strong evidence across every interview; the panel agrees this person raises the bar.',
      acknowledgeMissingFeedback: true,
    });
    const amount = Math.round((plan.salary.min + plan.salary.max) / 2 / 1000) * 1000;
    const offer = await this.get(OfferDrafting).create(actors.recruiter, applicationId, {
      base: { amount, currency: plan.salary.currency, period: plan.salary.period as string as PayPeriod },
      bonus: index % 2 === 0 ? { amount: 5000, currency: plan.salary.currency } : null,
      startDate: new Date(Date.now() + 45 * DAY).toISOString().slice(0, 10),
      expiresAt: new Date(Date.now() + 14 * DAY).toISOString(),
      notes: 'Relocation support available.',
    });
    const flow = this.get(OfferApprovalFlow);
    let current = await flow.submit(actors.recruiter, offer.id, {});
    if (outcome === 'pending') return;
    for (let guard = 0; guard < 6 && current.status === OfferStatus.PendingApproval; guard += 1) {
      let approved = false;
      for (const approver of [actors.manager, actors.admin]) {
        try {
          current = await flow.approve(approver, offer.id, { comment: 'Approved for the demo.' });
          approved = true;
          break;
        } catch (error: unknown) {
          this.logger.debug(`demo approval by ${approver.email} refused: ${String(error)}`);
        }
      }
      if (!approved) throw new Error('No demo user could approve the demo offer.');
    }
    await this.get(OfferSending).send(actors.recruiter, offer.id, {});
    await this.get(OfferOutcome).accept(actors.recruiter, offer.id, {});
  }
}

function stageIndex(stages: Stage[], kind: StageKind): number {
  return stages.findIndex((s) => s.kind === kind);
}

function hasInterview(stage: Stage | undefined): stage is Stage {
  return (
    !!stage &&
    !!stage.kitKey &&
    [StageKind.RecruiterScreen, StageKind.TechnicalInterview, StageKind.SystemDesign, StageKind.HiringManager].includes(stage.kind) &&
    !!getBuiltInKit(stage.kitKey)
  );
}

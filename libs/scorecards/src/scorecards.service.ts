import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OWN_SUBMITTED_SQL, scorecardStatusLabels, SUBMITTED_SCORECARDS_SQL, SUBMITTED_SEATS_SQL } from './scorecard-status-sql.js';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService, UsersService } from '../../identity/src/index.js';
import {
  InterviewPanels,
  InterviewReadsService,
  InterviewScorecardStatusRegistry,
  InterviewsErrorCode,
  InterviewsException,
} from '../../interviews/src/index.js';
import { AccessPolicy, Action, Resource } from '../../jobs/src/index.js';
import type { KitContent } from '../../interviews/src/index.js';
import { AuditService, diffFields, DomainEvents, DomainEventType, isUniqueViolation } from '../../platform/src/index.js';
import { ActivityService, ScorecardStatusRegistry } from '../../pipelines/src/index.js';
import { CorrectScorecardDto, ScorecardContentDto, ScorecardDto } from './dto/scorecard.dto.js';
import type { CompetencyRating, QuestionNote, ScorecardContent } from './rules/scorecard-content.js';
import { summariseScorecards, type ScorecardSummary, type SubmittedScorecard } from './rules/summary.js';
import { validateScorecard } from './rules/validate-scorecard.js';
import { Scorecard, ScorecardStatus } from './scorecard.entity.js';
import { ScorecardsErrorCode, ScorecardsException } from './scorecards.exception.js';

interface InterviewContext {
  id: string;
  organizationId: string;
  applicationId: string;
  candidateId: string;
  jobId: string;
  status: string;
  kitRevisionId: string | null;
  kit: KitContent | null;
}

export interface ApplicationScorecards {
  blind: boolean;
  data: Scorecard[];
}

const CONTENT_FIELDS = ['ratings', 'questionNotes', 'keyTakeaways', 'overall'];

/**
 * Scorecards: the caller's draft, submission (then immutable), corrections as new versions, and
 * every read of others' scorecards through one visibility rule — blind until submitted: someone on
 * an application's panel sees no other scorecard of it until they have submitted their own.
 */
@Injectable()
export class ScorecardsService implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly panels: InterviewPanels,
    private readonly access: AccessPolicy,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
    private readonly scorecardStatus: ScorecardStatusRegistry,
    private readonly interviews: InterviewReadsService,
    private readonly interviewScorecardStatus: InterviewScorecardStatusRegistry,
    private readonly events: DomainEvents,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.scorecardStatus.use({ statusByApplication: (org, ids) => this.statusByApplication(org, ids) });
    this.interviewScorecardStatus.use({ statusFor: (org, userId, ids) => this.statusForInterviews(org, userId, ids) });
  }

  // --- the caller's own scorecard -------------------------------------------------------------

  async mine(actor: AuthUser, interviewId: string): Promise<Scorecard[]> {
    await this.panelContext(actor, interviewId);
    return this.txHost.tx.find(Scorecard, {
      where: { interviewId, interviewerId: actor.id, organizationId: actor.organizationId },
      order: { version: 'ASC' },
    });
  }

  /** Your versions, and until when you may amend them (first submission + the organization's window). */
  async mineWithWindow(actor: AuthUser, interviewId: string): Promise<{ versions: Scorecard[]; amendableUntil: Date | null }> {
    const versions = await this.mine(actor, interviewId);
    const first = versions.find((v) => v.status === ScorecardStatus.Submitted && v.submittedAt);
    if (!first?.submittedAt) return { versions, amendableUntil: null };
    const { scorecardAmendmentHours } = await this.organizations.settings(actor.organizationId);
    return { versions, amendableUntil: new Date(first.submittedAt.getTime() + scorecardAmendmentHours * 3_600_000) };
  }

  async saveDraft(actor: AuthUser, interviewId: string, input: ScorecardContentDto): Promise<Scorecard> {
    const ctx = await this.panelContext(actor, interviewId, true);
    return this.txHost.withTransaction(async () => {
      const current = await this.lockCurrent(ctx, actor.id);
      if (current?.status === ScorecardStatus.Submitted) {
        throw new ScorecardsException(
          ScorecardsErrorCode.AlreadySubmitted,
          'Your scorecard is submitted and cannot change; send a correction with a reason instead.',
        );
      }
      const content = this.merge(current, input);
      this.assertValid(ctx, content, false);
      return this.write(ctx, actor, current, content, ScorecardStatus.Draft);
    });
  }

  async submit(actor: AuthUser, interviewId: string, input: ScorecardContentDto = {}): Promise<Scorecard> {
    const ctx = await this.panelContext(actor, interviewId, true);
    return this.txHost.withTransaction(async () => {
      const current = await this.lockCurrent(ctx, actor.id);
      if (current?.status === ScorecardStatus.Submitted)
        throw new ScorecardsException(ScorecardsErrorCode.AlreadySubmitted, 'Your scorecard is already submitted.');
      const content = this.merge(current, input);
      this.assertValid(ctx, content, true);
      const saved = await this.write(ctx, actor, current, content, ScorecardStatus.Submitted);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'scorecard',
        entityId: saved.id,
        action: 'submit',
        changes: { status: { from: current?.status ?? null, to: ScorecardStatus.Submitted } },
      });
      // The timeline says that a scorecard was submitted, never what it says.
      await this.activity.record({
        organizationId: ctx.organizationId,
        candidateId: ctx.candidateId,
        applicationId: ctx.applicationId,
        jobId: ctx.jobId,
        kind: 'scorecard.submitted',
        actorId: actor.id,
        subjectType: 'interview',
        subjectId: ctx.id,
        payload: { interviewId: ctx.id },
      });
      await this.announce(DomainEventType.ScorecardSubmitted, saved);
      return saved;
    });
  }

  async correct(actor: AuthUser, interviewId: string, input: CorrectScorecardDto): Promise<Scorecard> {
    const ctx = await this.panelContext(actor, interviewId);
    return this.txHost.withTransaction(async () => {
      const current = await this.lockCurrent(ctx, actor.id);
      if (current?.status !== ScorecardStatus.Submitted)
        throw new ScorecardsException(ScorecardsErrorCode.NotSubmitted, 'Only a submitted scorecard can be amended; edit your draft instead.');
      await this.assertAmendable(actor, ctx.id);
      const { reason, ...rest } = input;
      const content = this.merge(current, rest);
      this.assertValid(ctx, content, true);
      await this.txHost.tx.update(Scorecard, { id: current.id }, { current: false });
      const correction = this.txHost.tx.create(Scorecard, {
        organizationId: ctx.organizationId,
        interviewId: ctx.id,
        applicationId: ctx.applicationId,
        jobId: ctx.jobId,
        interviewerId: actor.id,
        kitRevisionId: ctx.kitRevisionId,
        version: current.version + 1,
        status: ScorecardStatus.Submitted,
        current: true,
        ...content,
        correctionReason: reason,
        supersedesId: current.id,
        submittedAt: new Date(),
      });
      const saved = await this.txHost.tx.save(correction);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'scorecard',
        entityId: saved.id,
        action: 'correct',
        changes: {
          ...diffFields(current as unknown as Record<string, unknown>, content as unknown as Record<string, unknown>, CONTENT_FIELDS),
          reason: { to: reason },
          supersedesId: { to: current.id },
        },
      });
      await this.announce(DomainEventType.ScorecardAmended, saved);
      return saved;
    });
  }

  /**
   * A scorecard's domain event: one aggregate per interviewer's scorecard of an interview (a correction is a new row
   * of the same scorecard), `data` as the scorecard routes return it. Webhooks deliver it only to endpoints that may
   * read scorecards (`scorecards:read`): blindness protects people on the panel, never an integration.
   */
  private async announce(type: DomainEventType, scorecard: Scorecard): Promise<void> {
    await this.events.publish({
      type,
      organizationId: scorecard.organizationId,
      aggregateType: 'scorecard',
      aggregateId: `${scorecard.interviewId}:${scorecard.interviewerId}`,
      data: ScorecardDto.from(scorecard),
    });
  }

  // --- reading others' scorecards: every path goes through visibility() -----------------------

  /** Whether the actor is blind on this application (on its panel, own scorecard not submitted); 404 when they cannot read it. */
  async visibility(actor: AuthUser, applicationId: string): Promise<{ blind: boolean; jobId: string }> {
    const noSuchApplication = () => new InterviewsException(InterviewsErrorCode.ApplicationNotFound, 'No such application.');
    // The application's job and the actor's seat in one round trip (a seat on an unknown application is no seat).
    const [jobId, onPanel] = await Promise.all([
      this.panels.jobOfApplication(actor.organizationId, applicationId),
      this.panels.isOnPanel(actor.organizationId, applicationId, actor.id),
    ]);
    if (!jobId) throw noSuchApplication();
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Scorecard, jobId, onPanel }, { hidden: noSuchApplication });
    if (!onPanel) return { blind: false, jobId };
    const [row] = await this.txHost.tx.query<Array<{ submitted: boolean }>>(OWN_SUBMITTED_SQL, [applicationId, actor.id]);
    return { blind: !row.submitted, jobId };
  }

  async listForApplication(actor: AuthUser, applicationId: string): Promise<ApplicationScorecards> {
    const { blind } = await this.visibility(actor, applicationId);
    const qb = this.txHost.tx
      .createQueryBuilder(Scorecard, 's')
      .where('s.application_id = :applicationId AND s.organization_id = :org', { applicationId, org: actor.organizationId });
    // Drafts are their author's alone; others' submitted scorecards only when not blind.
    if (blind) qb.andWhere('s.interviewer_id = :me', { me: actor.id });
    else qb.andWhere("(s.status = 'submitted' OR s.interviewer_id = :me)", { me: actor.id });
    return { blind, data: await qb.orderBy('s.submitted_at', 'ASC', 'NULLS LAST').addOrderBy('s.version', 'ASC').addOrderBy('s.id', 'ASC').getMany() };
  }

  async summary(actor: AuthUser, applicationId: string): Promise<Awaited<ReturnType<ScorecardsService['summaryOf']>> & { blind: boolean }> {
    const { blind } = await this.visibility(actor, applicationId);
    return { blind, ...(await this.summaryOf(actor.organizationId, applicationId, blind ? actor.id : null)) };
  }

  /**
   * The summary of an application's current submitted scorecards; `onlyInterviewerId` restricts
   * it to one author (what a blind reader may see). Also used by the benchmark.
   */
  async summaryOf(
    organizationId: string,
    applicationId: string,
    onlyInterviewerId: string | null,
  ): Promise<
    ScorecardSummary & {
      owed: Array<{ interviewId: string; interviewerId: string; interviewerName: string }>;
      kitCompetencies: Array<{ key: string; name: string; rubric: string[] }>;
      raters: Array<{ id: string; name: string }>;
    }
  > {
    const [cards, panel, kits] = await Promise.all([
      this.txHost.tx.query<
        Array<{ id: string; interview_id: string; interviewer_id: string; ratings: CompetencyRating[]; overall: SubmittedScorecard['overall'] }>
      >(SUBMITTED_SCORECARDS_SQL, [applicationId, organizationId, onlyInterviewerId]),
      this.interviews.panelOf(organizationId, applicationId),
      this.interviews.scheduledKits(organizationId, applicationId),
    ]);
    const order = [...new Set<string>(kits.flatMap((k) => k.competencies.map((c) => c.key)))];
    const names = new Map<string, string>(panel.map((p) => [p.userId, p.name]));
    const summary = summariseScorecards(
      cards.map((c) => ({
        scorecardId: c.id,
        interviewId: c.interview_id,
        interviewerId: c.interviewer_id,
        ratings: c.ratings,
        overall: c.overall,
      })),
      panel.map((p) => ({ interviewId: p.interviewId, interviewerId: p.userId })),
      order,
    );
    const kitCompetencies = new Map<string, { key: string; name: string; rubric: string[] }>();
    for (const c of kits.flatMap((k) => k.competencies))
      if (!kitCompetencies.has(c.key)) kitCompetencies.set(c.key, { key: c.key, name: c.name, rubric: [...c.rubric] });
    // Names of the authors summarised (a panelist taken off a panel since is looked up by id).
    const authorIds = [...new Set(cards.map((c) => c.interviewer_id))];
    const unnamed = authorIds.filter((id) => !names.has(id));
    if (unnamed.length) for (const u of await this.users.findInOrganization(organizationId, unnamed)) names.set(u.id, u.name);
    return {
      ...summary,
      owed: summary.owed.map((o) => ({ ...o, interviewerName: names.get(o.interviewerId) ?? '' })),
      kitCompetencies: [...kitCompetencies.values()],
      raters: authorIds.map((id) => ({ id, name: names.get(id) ?? 'A former panelist' })),
    };
  }

  /** For the pipelines list: "submitted/expected" per application (counts only, never content). */
  async statusByApplication(organizationId: string, applicationIds: string[]): Promise<Map<string, string>> {
    const seats = await this.interviews.activeSeats(organizationId, applicationIds);
    if (!seats.length) return new Map();
    const submitted: { interview_id: string; interviewer_id: string }[] = await this.txHost.tx.query(SUBMITTED_SEATS_SQL, [
      organizationId,
      [...new Set(seats.map((p) => p.interviewId))],
    ]);
    return scorecardStatusLabels(seats, submitted);
  }

  /** The user's current scorecard status per interview (the interviews module's INTERVIEW_SCORECARD_STATUS port). */
  async statusForInterviews(organizationId: string, userId: string, interviewIds: string[]): Promise<Map<string, string>> {
    const rows: { interview_id: string; status: string }[] = await this.txHost.tx.query(
      `SELECT interview_id, status FROM scorecards WHERE organization_id = $1 AND interviewer_id = $2 AND interview_id = ANY($3::uuid[]) AND current`,
      [organizationId, userId, interviewIds],
    );
    return new Map(rows.map((r) => [r.interview_id, r.status]));
  }

  // --- internals -----------------------------------------------------------------------------

  /** The interview, when the actor is on its panel: 404 for someone who cannot see it, 403 for a manager not on the panel. */
  private async panelContext(actor: AuthUser, interviewId: string, mustBeOpen = false): Promise<InterviewContext> {
    const row = await this.interviews.forPanelist(actor.organizationId, interviewId, actor.id);
    if (!row) throw new ScorecardsException(ScorecardsErrorCode.InterviewNotFound, 'No such interview.');
    const onPanel = row.member === true || (row.member === false && row.status === 'cancelled');
    await this.access.assertCan(
      actor,
      Action.Write,
      { resource: Resource.Scorecard, jobId: row.jobId, onPanel },
      {
        hidden: () => new ScorecardsException(ScorecardsErrorCode.InterviewNotFound, 'No such interview.'),
        forbidden: () => new ScorecardsException(ScorecardsErrorCode.NotOnPanel, 'You are not on this interview’s panel.'),
      },
    );
    if (mustBeOpen && row.status === 'cancelled') throw new ScorecardsException(ScorecardsErrorCode.InterviewCancelled, 'This interview is cancelled.');
    return row;
  }

  /** Amendments are open for the organization's window after the first submission (`scorecardAmendmentHours`, default 48). */
  private async assertAmendable(actor: AuthUser, interviewId: string): Promise<void> {
    const [first] = await this.txHost.tx.query<Array<{ submitted_at: Date }>>(
      `SELECT submitted_at FROM scorecards WHERE interview_id = $1 AND interviewer_id = $2 AND organization_id = $3 AND version = 1 AND submitted_at IS NOT NULL`,
      [interviewId, actor.id, actor.organizationId],
    );
    const { scorecardAmendmentHours } = await this.organizations.settings(actor.organizationId);
    const until = first ? new Date(first.submitted_at).getTime() + scorecardAmendmentHours * 3_600_000 : 0;
    if (Date.now() <= until) return;
    const day = new Date(until).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    throw new ScorecardsException(
      ScorecardsErrorCode.AmendmentWindowClosed,
      scorecardAmendmentHours === 0
        ? 'Your organization does not allow amending a submitted scorecard. Add a note on the candidate instead.'
        : `Scorecards can be amended for ${scorecardAmendmentHours} hours after submitting; yours could be amended until ${day} UTC. Add a note on the candidate instead.`,
      { extensions: { amendableUntil: new Date(until).toISOString() } },
    );
  }

  private async lockCurrent(ctx: InterviewContext, userId: string): Promise<Scorecard | null> {
    // Serialise writers of the same scorecard (the first save has no row to lock yet).
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('hireloop.scorecard'), hashtext($1))`, [`${ctx.id}:${userId}`]);
    return this.txHost.tx.findOne(Scorecard, { where: { interviewId: ctx.id, interviewerId: userId, current: true } });
  }

  private merge(current: Scorecard | null, input: ScorecardContentDto): ScorecardContent {
    return {
      ratings: (input.ratings ?? current?.ratings ?? []).map((r) => ({
        competency: r.competency,
        rating: r.rating,
        ...(r.evidence !== undefined && r.evidence !== null ? { evidence: r.evidence } : {}),
      })),
      questionNotes: (input.questionNotes ?? current?.questionNotes ?? []).map((n: QuestionNote) => ({ question: n.question, note: n.note })),
      keyTakeaways: input.keyTakeaways ?? current?.keyTakeaways ?? null,
      overall: input.overall ?? current?.overall ?? null,
    };
  }

  private assertValid(ctx: InterviewContext, content: ScorecardContent, submitting: boolean): void {
    const issues = validateScorecard(content, {
      competencies: ctx.kit ? ctx.kit.competencies.map((c) => c.key) : null,
      questions: ctx.kit ? ctx.kit.questions.map((q) => q.key) : null,
      submitting,
    });
    if (issues.length)
      throw new ScorecardsException(
        ScorecardsErrorCode.InvalidScorecard,
        submitting ? 'The scorecard cannot be submitted as it is.' : 'The scorecard is invalid.',
        { errors: issues },
      );
  }

  private async write(
    ctx: InterviewContext,
    actor: AuthUser,
    current: Scorecard | null,
    content: ScorecardContent,
    status: ScorecardStatus,
  ): Promise<Scorecard> {
    const submittedAt = status === ScorecardStatus.Submitted ? new Date() : null;
    if (current) {
      await this.txHost.tx.update(Scorecard, { id: current.id }, { ...content, status, submittedAt });
      return this.txHost.tx.findOneByOrFail(Scorecard, { id: current.id });
    }
    try {
      return await this.txHost.tx.save(
        this.txHost.tx.create(Scorecard, {
          organizationId: ctx.organizationId,
          interviewId: ctx.id,
          applicationId: ctx.applicationId,
          jobId: ctx.jobId,
          interviewerId: actor.id,
          kitRevisionId: ctx.kitRevisionId,
          version: 1,
          status,
          current: true,
          ...content,
          submittedAt,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ScorecardsException(ScorecardsErrorCode.AlreadySubmitted, 'Your scorecard changed at the same time; read it again.');
      throw error;
    }
  }
}

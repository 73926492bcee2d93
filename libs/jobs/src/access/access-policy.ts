import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../identity/src/index.js';
import { hasRole, Role } from '../../../identity/src/index.js';
import { HiringTeamRole } from '../job.types.js';
import { HiringTeamsService } from './hiring-teams.service.js';
import { InterviewAccessRegistry } from './panel-membership.js';

/** What is being acted on. */
export enum Resource {
  Job = 'job',
  Application = 'application',
  Candidate = 'candidate',
  Interview = 'interview',
  Scorecard = 'scorecard',
  Offer = 'offer',
  Decision = 'decision',
  Posting = 'posting',
}

/** What the actor wants to do: read it, or change it (create, edit, move, cancel, submit...). */
export enum Action {
  Read = 'read',
  Write = 'write',
}

/**
 * The resource as far as the policy needs to know it. The owning module loads the row (scoped to
 * the organization, so a foreign id never gets here) and supplies its facts: the job it belongs
 * to, and for interviews and scorecards whether the actor sits on the panel (the interviews
 * module's fact).
 */
export type AccessTarget =
  | { resource: Resource.Job; jobId: string }
  /** `applicationId` absent: a new application on the job. */
  | { resource: Resource.Application; jobId: string; applicationId?: string }
  /** A candidate is reached through their applications. */
  | { resource: Resource.Candidate; applications: ReadonlyArray<{ id: string; jobId: string }> }
  | { resource: Resource.Interview; jobId: string; onPanel: boolean }
  /** Scorecards of an application (read) or of one interview (write: one's own). */
  | { resource: Resource.Scorecard; jobId: string; onPanel: boolean }
  | { resource: Resource.Offer; jobId: string }
  | { resource: Resource.Decision; jobId: string }
  | { resource: Resource.Posting; jobId: string };

/**
 * `allow`; `hidden`: the actor may not even know it exists (answer as if unknown, 404);
 * `forbidden`: the actor can see it but not do this (403).
 */
export type AccessDecision = 'allow' | 'hidden' | 'forbidden';

/** The owning module's errors for a denial; `forbidden` defaults to `hidden`. */
export interface DenialErrors {
  hidden: () => Error;
  forbidden?: () => Error;
}

/**
 * What one signed-in user may reach, loaded once per request (`AccessPolicy.scope`): the facts the
 * rules need, also used to filter lists.
 */
export interface AccessScope {
  organizationId: string;
  userId: string;
  /** Admins and recruiters: every job of the organization and everything in it. */
  all: boolean;
  admin: boolean;
  /** Jobs whose pipeline the user works (hiring managers on the job's hiring team in any seat). */
  jobIds: string[];
  /** Jobs the user is a hiring manager of (hiring-manager role, seated as hiring_manager): interviews, offers, decisions, postings. */
  managedJobIds: string[];
  /** Applications readable (only) through an interview panel (interviewers); in a scope `assertCan` loaded, only the target's own. */
  applicationIds: string[];
  /** Private notes are hidden from a user whose only access is as an interviewer. */
  seesPrivateNotes: boolean;
}

/**
 * The one answer to "may this actor do X to this resource" (see DEVELOPING.md, "Access policy").
 * Lives in the jobs module because the hiring team is the fact every rule starts from; the panel
 * fact comes from the interviews module through the `INTERVIEW_ACCESS` port. Services call
 * `assertCan` at the top of each method with the row they loaded; lists filter with the scope's
 * ids (`visibleJobIds`, `managedJobIds`).
 */
@Injectable()
export class AccessPolicy {
  constructor(
    private readonly teams: HiringTeamsService,
    private readonly panels: InterviewAccessRegistry,
  ) {}

  /**
   * The actor's facts: hiring-team seats (hiring managers) and panels (interviewers). Admins and recruiters cost no query.
   * `panelsAmong` limits the panel fact to those applications (see `assertCan`); without it, every panel the interviewer
   * sits on, which list filters need.
   */
  async scope(actor: AuthUser, panelsAmong?: readonly string[]): Promise<AccessScope> {
    const base = { organizationId: actor.organizationId, userId: actor.id, admin: hasRole(actor, Role.Admin) };
    if (hasRole(actor, Role.Admin, Role.Recruiter)) return { ...base, all: true, jobIds: [], managedJobIds: [], applicationIds: [], seesPrivateNotes: true };
    const manager = hasRole(actor, Role.HiringManager);
    const [seats, applicationIds] = await Promise.all([
      manager ? this.teams.seatsOf(actor.organizationId, actor.id) : Promise.resolve([]),
      !hasRole(actor, Role.Interviewer)
        ? Promise.resolve([])
        : panelsAmong
          ? this.panels.panelApplicationsAmong(actor.organizationId, actor.id, panelsAmong)
          : this.panels.applicationIdsFor(actor.organizationId, actor.id),
    ]);
    return {
      ...base,
      all: false,
      jobIds: [...new Set(seats.map((s) => s.jobId))],
      managedJobIds: [...new Set(seats.filter((s) => s.role === HiringTeamRole.HiringManager).map((s) => s.jobId))],
      applicationIds,
      seesPrivateNotes: manager,
    };
  }

  /** The decision for one action on one resource (pure: the rules table). */
  decide(scope: AccessScope, action: Action, target: AccessTarget): AccessDecision {
    const works = (jobId: string) => scope.all || scope.jobIds.includes(jobId);
    const manages = (jobId: string) => scope.all || scope.managedJobIds.includes(jobId);
    const rule = (canRead: boolean, canWrite: boolean): AccessDecision => {
      if (action === Action.Read) return canRead ? 'allow' : 'hidden';
      return canWrite ? 'allow' : canRead ? 'forbidden' : 'hidden';
    };
    switch (target.resource) {
      case Resource.Job:
        return rule(works(target.jobId), scope.all);
      case Resource.Application: {
        const readable = works(target.jobId) || (target.applicationId !== undefined && scope.applicationIds.includes(target.applicationId));
        return rule(readable, works(target.jobId));
      }
      case Resource.Candidate:
        return rule(
          target.applications.some((a) => works(a.jobId) || scope.applicationIds.includes(a.id)),
          target.applications.some((a) => works(a.jobId)),
        );
      case Resource.Interview:
        // Interviewers see their own interviews only; they never change them.
        return rule(target.onPanel || manages(target.jobId), manages(target.jobId));
      case Resource.Scorecard:
        // Everyone who manages the job reads them (blindness is the scorecards module's rule); only the panel writes.
        if (action === Action.Read) return rule(target.onPanel || manages(target.jobId), false);
        return target.onPanel ? 'allow' : manages(target.jobId) ? 'forbidden' : 'hidden';
      case Resource.Offer:
        return rule(manages(target.jobId), manages(target.jobId));
      case Resource.Decision:
        // Recruiters read the decision packet; the decision is the admin's or the job's hiring manager's.
        return rule(manages(target.jobId), scope.admin || scope.managedJobIds.includes(target.jobId));
      case Resource.Posting:
        return rule(manages(target.jobId), scope.all);
    }
  }

  can(scope: AccessScope, action: Action, target: AccessTarget): boolean {
    return this.decide(scope, action, target) === 'allow';
  }

  /**
   * Throws the owning module's error unless allowed; returns the scope so a method reuses it for more checks on the
   * same resource. Given the actor rather than a scope, it loads only the facts this target turns on: the panel fact
   * for the target's own applications (none for an interview or a scorecard, which carry `onPanel`), not every panel
   * the interviewer ever sat on. That scope is not for filtering lists: those take `scope(actor)`.
   */
  async assertCan(who: AuthUser | AccessScope, action: Action, target: AccessTarget, denied: DenialErrors): Promise<AccessScope> {
    const scope = isScope(who) ? who : await this.scope(who, panelApplicationsOf(target));
    const decision = this.decide(scope, action, target);
    if (decision === 'hidden') throw denied.hidden();
    if (decision === 'forbidden') throw (denied.forbidden ?? denied.hidden)();
    return scope;
  }

  /** Jobs whose pipeline the actor may see, for list filters; `null` = every job of the organization. */
  visibleJobIds(scope: AccessScope): string[] | null {
    return scope.all ? null : scope.jobIds;
  }

  /** Jobs the actor manages (interviews, offers, decisions, reports), for list filters; `null` = every job. */
  managedJobIds(scope: AccessScope): string[] | null {
    return scope.all ? null : scope.managedJobIds;
  }
}

/** The applications whose panels decide access to the target (`decide` reads `applicationIds` for these alone). */
function panelApplicationsOf(target: AccessTarget): string[] {
  if (target.resource === Resource.Application) return target.applicationId === undefined ? [] : [target.applicationId];
  if (target.resource === Resource.Candidate) return target.applications.map((a) => a.id);
  return [];
}

function isScope(who: AuthUser | AccessScope): who is AccessScope {
  return 'all' in who && 'jobIds' in who;
}

import { ApprovalChainSetting, ApprovalStep, ApproverRole } from '../offer.types.js';

/** The organization's chain when it has configured none: the job's hiring manager, then an admin. */
export const DEFAULT_APPROVAL_CHAIN: ApprovalChainSetting = [{ role: ApproverRole.HiringManager }, { role: ApproverRole.Admin }];

/**
 * The steps one offer must pass, in order: the organization's chain, plus an admin step at the end
 * when the offer is out of band and the chain has no admin step already.
 */
export function resolveChain(setting: ApprovalChainSetting | undefined, outOfBand: boolean): ApprovalStep[] {
  const source = setting && setting.length > 0 ? setting : DEFAULT_APPROVAL_CHAIN;
  const steps: ApprovalStep[] = source.map((entry, step) => ('userId' in entry ? { step, userId: entry.userId } : { step, role: entry.role }));
  if (outOfBand && !steps.some((s) => s.role === ApproverRole.Admin)) {
    steps.push({ step: steps.length, role: ApproverRole.Admin, reason: 'out_of_band' });
  }
  return steps;
}

/** Who, on this job, holds the job-specific roles a step may name. */
export interface ApproverContext {
  hiringManagerIds: string[];
  recruiterIds: string[];
  /** Active admins of the organization. */
  adminIds: string[];
}

/** The users who may act on one step. */
export function eligibleApprovers(step: ApprovalStep, context: ApproverContext): string[] {
  if (step.userId) return [step.userId];
  switch (step.role) {
    case ApproverRole.HiringManager:
      return context.hiringManagerIds;
    case ApproverRole.Recruiter:
      return context.recruiterIds;
    case ApproverRole.Admin:
      return context.adminIds;
    default:
      return [];
  }
}

/** Steps no one can act on (e.g. the job has no hiring manager): the offer cannot be submitted. */
export function unstaffedSteps(chain: ApprovalStep[], context: ApproverContext): ApprovalStep[] {
  return chain.filter((step) => eligibleApprovers(step, context).length === 0);
}

/**
 * The drafter never approves their own offer. A step only the drafter could act on is left to the
 * next eligible approver: it is dropped, and the steps are numbered again from 0. A step added
 * because the offer is out of band is never dropped (an admin other than the drafter must approve).
 * Returns the chain without those steps, and the steps nobody but the drafter could approve.
 */
export function withoutDrafter(
  chain: ApprovalStep[],
  drafterId: string | null,
  context: ApproverContext,
): { chain: ApprovalStep[]; drafterOnly: ApprovalStep[] } {
  if (!drafterId) return { chain, drafterOnly: [] };
  const drafterOnly: ApprovalStep[] = [];
  const kept: ApprovalStep[] = [];
  for (const step of chain) {
    const eligible = eligibleApprovers(step, context);
    const others = eligible.filter((id) => id !== drafterId);
    if (eligible.includes(drafterId) && others.length === 0) drafterOnly.push(step);
    if (others.length > 0 || !eligible.includes(drafterId)) kept.push(step);
  }
  const droppable = drafterOnly.every((s) => s.reason !== 'out_of_band');
  const remaining = droppable ? kept : [...kept, ...drafterOnly.filter((s) => s.reason === 'out_of_band')];
  return { chain: remaining.map((s, i) => ({ ...s, step: i })), drafterOnly };
}

export type ApprovalTurn =
  | { kind: 'current'; step: ApprovalStep }
  /** The actor is an approver of a later (or already decided) step, not of the current one. */
  | { kind: 'out_of_turn'; current: ApprovalStep; own: ApprovalStep[] }
  /** The actor approves nothing on this offer. */
  | { kind: 'not_an_approver' }
  /** Every step is decided. */
  | { kind: 'complete' };

/**
 * Whose turn it is. `decidedSteps` counts the approved steps of the current round; the next step
 * is the current one. An actor named on several steps acts on the current one only.
 */
export function approvalTurn(chain: ApprovalStep[], decidedSteps: number, actorId: string, context: ApproverContext): ApprovalTurn {
  const own = chain.filter((step) => eligibleApprovers(step, context).includes(actorId));
  if (own.length === 0) return { kind: 'not_an_approver' };
  const current = chain[decidedSteps];
  if (!current) return { kind: 'complete' };
  if (own.some((step) => step.step === current.step)) return { kind: 'current', step: current };
  return { kind: 'out_of_turn', current, own };
}

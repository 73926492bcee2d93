import { ApproverRole } from '../offer.types.js';
import { approvalTurn, ApproverContext, DEFAULT_APPROVAL_CHAIN, eligibleApprovers, resolveChain, unstaffedSteps } from '../rules/approval-chain.js';

const context: ApproverContext = { hiringManagerIds: ['hm1', 'hm2'], recruiterIds: ['rec'], adminIds: ['adm1', 'adm2'] };

describe('resolveChain', () => {
  it('defaults to the job hiring manager, then an admin', () => {
    expect(DEFAULT_APPROVAL_CHAIN).toEqual([{ role: 'hiring_manager' }, { role: 'admin' }]);
    expect(resolveChain(undefined, false)).toEqual([
      { step: 0, role: ApproverRole.HiringManager },
      { step: 1, role: ApproverRole.Admin },
    ]);
    expect(resolveChain([], false)).toHaveLength(2);
  });

  it('keeps the configured order of users and roles', () => {
    expect(resolveChain([{ userId: 'u-vp' }, { role: ApproverRole.HiringManager }], false)).toEqual([
      { step: 0, userId: 'u-vp' },
      { step: 1, role: ApproverRole.HiringManager },
    ]);
  });

  it('adds an admin step at the end for an out-of-band offer when the chain has none', () => {
    expect(resolveChain([{ role: ApproverRole.HiringManager }], true)).toEqual([
      { step: 0, role: ApproverRole.HiringManager },
      { step: 1, role: ApproverRole.Admin, reason: 'out_of_band' },
    ]);
  });

  it('does not add a second admin step when the chain already has one', () => {
    expect(resolveChain([{ role: ApproverRole.Admin }, { role: ApproverRole.HiringManager }], true)).toHaveLength(2);
  });

  it('adds no step for an offer within band', () => {
    expect(resolveChain([{ role: ApproverRole.HiringManager }], false)).toHaveLength(1);
  });
});

describe('eligibleApprovers / unstaffedSteps', () => {
  it('maps roles to the job team or the organization admins, and users to themselves', () => {
    expect(eligibleApprovers({ step: 0, role: ApproverRole.HiringManager }, context)).toEqual(['hm1', 'hm2']);
    expect(eligibleApprovers({ step: 0, role: ApproverRole.Recruiter }, context)).toEqual(['rec']);
    expect(eligibleApprovers({ step: 0, role: ApproverRole.Admin }, context)).toEqual(['adm1', 'adm2']);
    expect(eligibleApprovers({ step: 0, userId: 'x' }, context)).toEqual(['x']);
  });

  it('reports steps nobody can act on', () => {
    const chain = resolveChain(undefined, false);
    expect(unstaffedSteps(chain, { ...context, hiringManagerIds: [] })).toEqual([{ step: 0, role: ApproverRole.HiringManager }]);
    expect(unstaffedSteps(chain, context)).toEqual([]);
  });
});

describe('approvalTurn', () => {
  const chain = resolveChain([{ role: ApproverRole.HiringManager }, { userId: 'vp' }, { role: ApproverRole.Admin }], false);

  it('gives the turn to the approvers of the first undecided step, in order', () => {
    expect(approvalTurn(chain, 0, 'hm1', context)).toMatchObject({ kind: 'current', step: { step: 0 } });
    expect(approvalTurn(chain, 0, 'hm2', context)).toMatchObject({ kind: 'current', step: { step: 0 } });
    expect(approvalTurn(chain, 1, 'vp', context)).toMatchObject({ kind: 'current', step: { step: 1 } });
    expect(approvalTurn(chain, 2, 'adm1', context)).toMatchObject({ kind: 'current', step: { step: 2 } });
  });

  it('says out of turn for an approver of a later or an already decided step', () => {
    expect(approvalTurn(chain, 0, 'vp', context)).toMatchObject({ kind: 'out_of_turn', current: { step: 0 } });
    expect(approvalTurn(chain, 0, 'adm2', context)).toMatchObject({ kind: 'out_of_turn' });
    expect(approvalTurn(chain, 2, 'hm1', context)).toMatchObject({ kind: 'out_of_turn', current: { step: 2 } });
  });

  it('says not an approver for anyone outside the chain', () => {
    expect(approvalTurn(chain, 0, 'rec', context)).toEqual({ kind: 'not_an_approver' });
    expect(approvalTurn(chain, 0, 'stranger', context)).toEqual({ kind: 'not_an_approver' });
  });

  it('says complete when every step is approved', () => {
    expect(approvalTurn(chain, 3, 'adm1', context)).toEqual({ kind: 'complete' });
  });
});

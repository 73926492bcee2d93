import { describe, expect, it } from 'vitest';
import { adverseImpactCsv } from '../reports/AdverseImpact';
import { auditSentence } from './PrivacyAdmin';

describe('privacy and audit words', () => {
  it('says whether the audit log verified, and where it broke, in a sentence without codes', () => {
    expect(auditSentence({ ok: true, entries: 42 })).toBe('Verified: all 42 entries of the audit log are intact and in order.');
    const broken = auditSentence({ ok: false, entries: 6, firstBrokenEntryId: '7', position: 7, reason: 'value_changed' });
    expect(broken).toContain('Broken at entry 7 (position 7)');
    expect(broken).toContain('A recorded value was changed after it was recorded');
    expect(broken).not.toContain('value_changed');
    expect(auditSentence({ ok: false, entries: 9, firstBrokenEntryId: null, position: 10, reason: 'tail_missing' })).toContain(
      'after position 9: The newest entries are missing',
    );
  });

  it('exports the adverse-impact figures with words for groups, and no numbers for small groups', () => {
    const csv = adverseImpactCsv({
      filters: {},
      minimumGroupSize: 5,
      threshold: 0.8,
      respondents: 23,
      questions: [
        {
          question: 'sex',
          stages: [
            {
              stageName: 'Application review',
              kind: 'application_review',
              position: 0,
              groups: [
                { group: 'female', tooFewToReport: false, entered: 10, selected: 6, selectionRate: 0.6, impactRatio: 0.75, flagged: true },
                { group: 'male', tooFewToReport: true },
              ],
            },
          ],
        },
      ],
    });
    expect(csv).toContain('Application review,Women,10,6,60,0.75,yes');
    expect(csv).toContain('Application review,Men,Too few to report');
    expect(csv).not.toContain('female');
  });
});

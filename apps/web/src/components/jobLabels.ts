/** Words people read for the job, role and unit values the API speaks in codes (shared by the setup and job screens). */
export const STATUS_LABEL: Record<string, string> = { draft: 'Draft', open: 'Open', on_hold: 'On hold', closed: 'Closed' };
export const SENIORITY_LABEL: Record<string, string> = { junior: 'Junior', mid: 'Mid-level', senior: 'Senior', staff: 'Staff' };
export const WORK_MODEL_LABEL: Record<string, string> = { onsite: 'On-site', hybrid: 'Hybrid', remote: 'Remote' };
export const EMPLOYMENT_LABEL: Record<string, string> = {
  FULL_TIME: 'Full-time',
  PART_TIME: 'Part-time',
  CONTRACTOR: 'Contractor',
  TEMPORARY: 'Temporary',
  INTERN: 'Internship',
};
export const PERIOD_LABEL: Record<string, string> = { YEAR: 'per year', MONTH: 'per month', HOUR: 'per hour' };
export const ROLE_LABEL: Record<string, string> = { admin: 'Admin', recruiter: 'Recruiter', hiring_manager: 'Hiring manager', interviewer: 'Interviewer' };
export const REASON_KIND_LABEL: Record<string, string> = { rejected: 'We rejected', declined: 'Candidate declined', other: 'Other' };

/** `{ value, label }` options of a label map, in its order. */
export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
/** The label of a value, or the value with underscores as spaces when the map lacks it. */
export const label = (labels: Record<string, string>, value: string | null | undefined) => (value ? (labels[value] ?? value.replace(/_/g, ' ')) : '');

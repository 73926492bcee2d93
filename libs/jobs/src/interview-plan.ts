import { StageKind } from './job.types.js';

export interface StagePlan {
  name: string;
  kind: StageKind;
  kitKey: string | null;
  slaDays: number | null;
}

/**
 * The usual backend hiring process (PRODUCT.md): review, recruiter screen, take-home, technical
 * interview, system design, hiring-manager conversation, offer, hired. Kit keys name built-in
 * interview kits of libs/interviews; SLA days say how long a candidate may wait in the stage.
 */
export function defaultInterviewPlan(): StagePlan[] {
  return [
    { name: 'Application review', kind: StageKind.ApplicationReview, kitKey: null, slaDays: 3 },
    { name: 'Recruiter screen', kind: StageKind.RecruiterScreen, kitKey: 'recruiter-screen', slaDays: 5 },
    { name: 'Take-home exercise', kind: StageKind.TakeHome, kitKey: 'take-home-review', slaDays: 7 },
    { name: 'Technical interview', kind: StageKind.TechnicalInterview, kitKey: null, slaDays: 5 },
    { name: 'System design', kind: StageKind.SystemDesign, kitKey: 'rate-limiter-design', slaDays: 5 },
    { name: 'Hiring manager conversation', kind: StageKind.HiringManager, kitKey: null, slaDays: 5 },
    { name: 'Offer', kind: StageKind.Offer, kitKey: null, slaDays: 7 },
    { name: 'Hired', kind: StageKind.Hired, kitKey: null, slaDays: null },
  ];
}

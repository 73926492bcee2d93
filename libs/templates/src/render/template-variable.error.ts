export interface TemplateVariableProblem {
  /** The variable (or placeholder) name the problem is about. */
  variable: string;
  message: string;
}

/**
 * Thrown by `renderTemplate` when variables and values do not fit together.
 * Carries every problem found, not only the first, so a form can show them all at once.
 */
export class TemplateVariableError extends Error {
  readonly problems: TemplateVariableProblem[];

  constructor(problems: TemplateVariableProblem[]) {
    super(`Template variables are invalid: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'TemplateVariableError';
    this.problems = problems;
  }
}

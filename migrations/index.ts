import { Foundation1763870000000 } from './1763870000000-Foundation.js';
import { TemplatesAndJobs1763871000000 } from './1763871000000-TemplatesAndJobs.js';

/** Every migration, in order. Add new ones at the end. */
export const ALL_MIGRATIONS = [Foundation1763870000000, TemplatesAndJobs1763871000000];

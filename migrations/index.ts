import { Foundation1763870000000 } from './1763870000000-Foundation.js';

/** Every migration, in order. Add new ones at the end. */
export const ALL_MIGRATIONS = [Foundation1763870000000];

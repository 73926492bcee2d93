/** Enumerations of the postings module; the values are part of the public API. */

export enum PostingStatus {
  Pending = 'pending',
  Publishing = 'publishing',
  Live = 'live',
  Closing = 'closing',
  Closed = 'closed',
  Failed = 'failed',
  Expired = 'expired',
}

/** Boards Hireloop serves itself; a partner board is referred to by its id. */
export enum BuiltInBoard {
  Careers = 'careers',
  Indeed = 'indeed',
  LinkedIn = 'linkedin',
}

export const BUILT_IN_BOARDS: string[] = Object.values(BuiltInBoard);
export const FEED_BOARDS = [BuiltInBoard.Indeed, BuiltInBoard.LinkedIn] as const;
export type FeedBoard = (typeof FEED_BOARDS)[number];

/** Statuses in which a posting still occupies its board (one such posting per job and board). */
export const ACTIVE_STATUSES = [PostingStatus.Pending, PostingStatus.Publishing, PostingStatus.Live, PostingStatus.Closing, PostingStatus.Failed];
/** Statuses that end a posting. */
export const FINAL_STATUSES = [PostingStatus.Closed, PostingStatus.Expired];

export interface PostingOverrides {
  title?: string;
  description?: string;
}

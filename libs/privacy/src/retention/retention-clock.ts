/** The time the retention sweep and the due list go by: injectable, so tests move it instead of waiting. */
export abstract class RetentionClock {
  abstract now(): Date;
}

export class SystemRetentionClock extends RetentionClock {
  now(): Date {
    return new Date();
  }
}

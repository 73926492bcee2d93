import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { ScorecardRemindersService } from '../../../libs/scorecards/src/index.js';
import type { ReminderPayload } from '../../../libs/scorecards/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Delayed scorecard reminders and escalations; the service re-checks state, so stale jobs do nothing. The sweep catches up lost ones. */
@Processor(QueueName.Scorecards)
export class ScorecardsProcessor extends JobProcessor {
  constructor(private readonly reminders: ScorecardRemindersService) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.ScorecardsReminder]: (job) => this.reminders.remind(job.data.payload as unknown as ReminderPayload),
    [JobName.ScorecardsEscalation]: (job) => this.reminders.escalate(job.data.payload as unknown as ReminderPayload),
    [JobName.ScorecardsReminderSweep]: () => this.reminders.sweepDue(),
  };
}

import type { KitContent } from '../kit-content.js';

export const takeHomeReviewKit: KitContent = {
  key: 'take-home-review',
  title: 'Take-home review conversation',
  purpose:
    "Discuss the candidate's take-home submission, usually a small API built to a short brief. Check that they understand and can explain their own code, see how they decided what to build and what to leave out, how they tested it, how they respond to review comments, and how they would take it further.",
  stageKind: 'take_home',
  durationMinutes: 45,
  competencies: [
    {
      key: 'code_clarity',
      name: 'Code structure and clarity',
      description: 'The submission is organised so that a teammate can follow it, and the candidate can navigate and explain it.',
      rubric: [
        'Cannot find their way around their own code, or their explanation does not match what the code does.',
        'Explains the code when guided, but responsibilities are tangled (validation, business rules and storage in one place) and they do not see why that matters.',
        'Traces a request from entry to response naming the files and functions involved; responsibilities are separated and names say what things do.',
        'Does level 3 and also points out the places they would restructure first and why, without being asked.',
      ],
    },
    {
      key: 'correctness_and_testing',
      name: 'Correctness and testing',
      description: 'Handles edge cases and error paths, and tests behaviour in a way that would catch real regressions.',
      rubric: [
        'No tests and no plan for them, or treats a coverage percentage as proof the code is correct.',
        'Tests the happy path only and cannot name a bug the tests would miss.',
        'Tests behaviour through the public interface including error paths and edge cases, chooses unit or integration tests for stated reasons, and names specific cases that are not covered.',
        'Does level 3 and also explains how they would test failures of dependencies (slow or unavailable database) and what they would add before this ran in production.',
      ],
    },
    {
      key: 'design_judgement',
      name: 'Scope and design judgement',
      description: 'Makes deliberate trade-offs within the time box and knows which decisions would hurt as the system grows.',
      rubric: [
        'Cannot explain why the code is shaped the way it is, or proposes rewriting everything when asked how it would scale.',
        'Explains some decisions but cannot say what they left out or what would break first under more load.',
        'Explains what they built and deliberately left out given the brief, and identifies the real bottlenecks in their own code (queries, missing indexes, state held in memory).',
        'Does level 3 and also says what they would measure before changing anything and orders the next steps by value and risk.',
      ],
    },
    {
      key: 'feedback_response',
      name: 'Responding to review',
      description: 'Engages with review comments on their merits: asks, agrees, fixes or disagrees with reasons.',
      rubric: [
        'Becomes defensive or dismissive, or agrees with every comment including one that is wrong.',
        'Accepts comments politely but vaguely, without a concrete change.',
        'Asks a clarifying question where needed, proposes a specific change with its trade-off, and disagrees with reasons when a comment is wrong.',
        'Does level 3 and also spots a related problem the comment did not mention and states plainly what they got wrong.',
      ],
    },
  ],
  questions: [
    {
      key: 'walkthrough',
      prompt: 'Give me a tour of your submission as you would to a new teammate: pick one request and follow it from where it arrives to the response.',
      followUps: [
        'Where does input validation happen, and why there?',
        'What did you decide not to build, and why?',
        'If the next requirement were to add a new field to the main resource, which files would change?',
      ],
      signals: [
        'Follows the request through the code with file and function names, and the explanation matches the code.',
        'Explains scope decisions in terms of the brief and the time box.',
        'Knows where a likely next change would land and how big it would be.',
      ],
      redFlags: [
        'Cannot find their way around their own code.',
        'The explanation contradicts what the code does. Probe gently with more specific questions; do not accuse.',
      ],
      minutes: 10,
      competencies: ['code_clarity', 'design_judgement'],
    },
    {
      key: 'tests_you_trust',
      prompt: 'Show me the test you trust most and the one you trust least, and tell me why.',
      followUps: ['Describe a bug your tests would not catch.', 'How would you test what happens when the database is slow or unavailable?'],
      signals: [
        'Distinguishes what unit and integration tests each prove in this code.',
        'Names specific edge cases or error paths that are not covered.',
        'Tests observable behaviour rather than internal details, so refactoring does not break them.',
      ],
      redFlags: ['Treats the coverage percentage as proof of correctness.', 'Has no tests and no plan for adding them.'],
      minutes: 8,
      competencies: ['correctness_and_testing'],
    },
    {
      key: 'respond_to_review',
      prompt:
        'Here is a comment I would leave in a real code review of your submission. [Read one prepared comment about a real weakness, for example a missing pagination limit or a query that runs once per item.] How would you respond?',
      followUps: ['Change it now, or describe exactly what you would change.', 'Is there anything in my comment you disagree with?'],
      signals: [
        'Engages with the substance and asks a clarifying question if the comment is ambiguous.',
        'Proposes a concrete change and states its cost.',
        'Pushes back with reasons when a comment is wrong, and admits a mistake plainly when it is right.',
      ],
      redFlags: ['Responds defensively or dismisses the comment.', 'Agrees with everything, including a comment that is clearly wrong.'],
      minutes: 8,
      competencies: ['feedback_response', 'code_clarity'],
    },
    {
      key: 'take_it_further',
      prompt: 'Suppose this service now has to handle a hundred times the traffic and serve several separate customers. What would you change first?',
      followUps: ['What would you measure before changing anything?', 'Which of your current decisions would hurt the most?'],
      signals: [
        'Starts from measurement and identifies real bottlenecks in their own code.',
        'Adds tenant isolation at the data layer, not only in the handlers.',
        'Is candid about the weaknesses of the current version.',
      ],
      redFlags: ['Proposes rewriting everything as microservices without a reason tied to the code.', 'Cannot name any weakness in the submission.'],
      minutes: 8,
      competencies: ['design_judgement', 'correctness_and_testing'],
    },
  ],
  guidance: {
    opening:
      'Thank the candidate for the time they spent on the take-home. Explain that this is a conversation about their code, not a second test, and that you will ask them to walk through it, discuss tests and respond to a review comment or two. Make sure they have the code open and can share their screen.',
    candidateQuestions:
      'The questions total 34 minutes. If the walk-through runs long, shorten the scaling question. Stop by minute 39 so the candidate has at least 6 minutes for their questions.',
    closing: 'Thank the candidate again for the take-home, explain the next stage and when they will hear back. Do not share your scores.',
    notes: [
      'Read the submission before the interview and score it against the brief, not against how you would have built it.',
      'Prepare two review comments in advance: one about a real weakness, and optionally one that is subtly wrong, to see whether the candidate pushes back.',
      'Do not penalise scope cuts that the candidate explained in the README; penalise unexplained gaps.',
      'If the explanation and the code disagree, ask more specific questions about the code rather than making accusations, and record exactly what happened.',
      'Respect the stated time box: do not reward submissions that obviously took far longer than asked.',
    ],
  },
};

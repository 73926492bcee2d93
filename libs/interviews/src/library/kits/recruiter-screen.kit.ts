import type { KitContent } from '../kit-content.js';

export const recruiterScreenKit: KitContent = {
  key: 'recruiter-screen',
  title: 'Recruiter screen: backend engineer',
  purpose:
    "A short first conversation to confirm that the candidate's backend experience matches the level and kind of system the role involves, that their motivation fits the role, that the work model suits them, and that practical constraints (timing, location, pay) do not rule the role out. It also gives the candidate an accurate picture of the role and the process. Deep technical assessment is left to later stages.",
  stageKind: 'recruiter_screen',
  durationMinutes: 30,
  competencies: [
    {
      key: 'relevant_experience',
      name: 'Relevant backend experience',
      description: 'Has built or owned backend work comparable to the role, at the expected level of ownership.',
      rubric: [
        'Lists languages and tools but cannot describe any system they built or what their part in it was.',
        'Describes a system in general terms, but their own contribution or its scale stays unclear after follow-up questions.',
        "Describes a system they worked on, who used it, what they personally did and what changed as a result, at an ownership level close to the role's seniority.",
        'Does level 3 and also explains a decision they made, what it traded off, and what they would do differently now.',
      ],
    },
    {
      key: 'role_motivation',
      name: 'Motivation and role fit',
      description: "Knows what they want from the next role and can connect it to this role's system type, team and stage.",
      rubric: [
        'Knows nothing about the role or company, and gives no reason for applying beyond wanting a change.',
        'Gives general reasons ("interesting challenges") that would apply to any job.',
        'Connects specific parts of the role (the kind of system, the team, the product) to what they want to do next.',
        'Does level 3 and also names what they would not want in a role and asks questions that test whether this role has it.',
      ],
    },
    {
      key: 'communication',
      name: 'Communication',
      description: 'Explains technical work clearly to a non-specialist and answers the question asked.',
      rubric: [
        'Answers are hard to follow or do not answer the question, even after rephrasing.',
        'Answers the question but with heavy jargon or rambling that needs steering.',
        'Gives clear, structured answers at the right level of detail for a non-engineer.',
        'Does level 3 and also checks understanding, adjusts when asked to, and gives crisp written-style summaries (useful for remote teams).',
      ],
    },
    {
      key: 'practical_fit',
      name: 'Practical fit',
      description: 'Timing, location or right to work, work model and pay expectations are compatible with the role, or the gaps are known early.',
      rubric: [
        'Avoids or gives unclear answers about a constraint that rules the role out (for example cannot work in the required location).',
        'Answers practical questions, but a significant mismatch (pay, timing, work model) is left unresolved.',
        'Gives clear answers on notice period, location, work model and expectations; any mismatch is named and discussed.',
        'Does level 3 and also raises constraints unprompted, such as other processes and their timelines.',
      ],
    },
  ],
  questions: [
    {
      key: 'recent_backend_work',
      prompt: 'Tell me about the backend system you have worked on most recently: what it did, who relied on it, and which part was yours.',
      followUps: [
        'What is one decision you made there that you would make differently now?',
        'How large was the team, and who did you work with outside engineering?',
        'Roughly how much traffic or data did it handle?',
      ],
      signals: [
        'Describes the system and its users, not only the tools.',
        'Separates "I" from "we" and is specific about their own part.',
        'Mentions an outcome, such as a faster report, fewer incidents or a feature shipped.',
        'Explains it in plain language a non-engineer can follow.',
      ],
      redFlags: ['Lists technologies but cannot say what they built.', 'Cannot describe their own contribution.'],
      minutes: 8,
      competencies: ['relevant_experience', 'communication'],
    },
    {
      key: 'motivation',
      prompt: 'What are you looking for in your next role, and what made you apply for this one?',
      followUps: [
        'Which kind of backend work do you want more of: product APIs, data-heavy systems, or platform and infrastructure work?',
        'What would make you turn down an offer?',
      ],
      signals: ['Connects specifics of this role to their goals.', 'Is realistic about trade-offs (pace, on-call, scope).', 'Knows what they do not want.'],
      redFlags: ['Knows nothing about the role.', 'Their goals point clearly to a different kind of role, and they do not notice the mismatch.'],
      minutes: 5,
      competencies: ['role_motivation', 'communication'],
    },
    {
      key: 'ways_of_working',
      prompt:
        'This role is [onsite / hybrid / remote / contract, as set on the job]. How do you usually work with your teammates, and what has worked well for you in that setting?',
      followUps: [
        'How do you keep people informed when you are blocked?',
        'Tell me about something you had to explain in writing, such as a design note or an incident summary.',
      ],
      signals: [
        'Gives concrete examples of written or asynchronous communication.',
        'Is clear about availability, on-call willingness where the role needs it, and time zones.',
        'Shows that the stated work model suits them.',
      ],
      redFlags: ['Dismisses the stated work model or expects it to change for them.', 'Cannot give a single concrete example.'],
      minutes: 5,
      competencies: ['communication', 'practical_fit'],
    },
    {
      key: 'practicalities',
      prompt:
        'Let me cover practicalities: your notice period and timing, where you are based and whether you can work from the required location, and your compensation expectations. The range for this role is [share the band].',
      followUps: ['Are you in other processes, and how far along are they?', 'Is the range we shared workable for you?'],
      signals: [
        'Gives clear answers and names constraints early.',
        'Expectations fall within the band, or the gap is discussed openly.',
        'Mentions other processes and deadlines so the timeline can be planned.',
      ],
      redFlags: [
        'Is evasive about a constraint that would block the hire.',
        'Agrees to everything, then reveals a blocking constraint at the end of the call.',
      ],
      minutes: 5,
      competencies: ['practical_fit'],
    },
  ],
  guidance: {
    opening:
      'Introduce yourself and the company in a minute, describe the role in two sentences (kind of system, team, seniority, work model), and explain the call: about twenty minutes of questions, then time for theirs. Walk through the full process so the candidate knows what is ahead: recruiter screen, take-home, technical interview, system design, and a conversation with the hiring manager.',
    candidateQuestions:
      'The questions total 23 minutes. Stop by minute 25 at the latest so the candidate has at least 5 minutes. If they have no questions, offer to explain the team, the on-call arrangement or the next stages.',
    closing:
      'Thank the candidate, tell them when they will hear back and what the next step would be. Do not promise an outcome. Fill in the scorecard right after the call.',
    notes: [
      'Ask about pay expectations, never about current or past salary; in many places asking for salary history is not allowed.',
      'Share the salary band before asking for expectations.',
      'Do not ask about age, family plans, health, religion, nationality or other protected characteristics. Right to work is a yes or no question.',
      'Do not try to assess deep technical skill here; note topics for the technical interviewers instead.',
      'Remote and contract roles lean heavily on written communication and self-direction; weigh the ways-of-working answer accordingly.',
    ],
  },
};

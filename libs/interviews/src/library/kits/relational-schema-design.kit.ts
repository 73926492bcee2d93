import type { KitContent } from '../kit-content.js';

export const relationalSchemaDesignKit: KitContent = {
  key: 'relational-schema-design',
  title: 'Technical interview: relational schema design',
  purpose:
    'Work through a schema for a small multi-tenant product and see how the candidate settles relationships and their cardinality, protects data integrity inside the database, chooses indexes for real queries, leaves room for features that are likely to come, and changes a large live table without downtime.',
  stageKind: 'technical_interview',
  durationMinutes: 60,
  competencies: [
    {
      key: 'entity_modelling',
      name: 'Entities, relationships and cardinality',
      description: 'Identifies the entities, settles one-to-many versus many-to-many by asking, and represents each relationship correctly.',
      rubric: [
        'Produces tables that cannot represent the stated product (for example tags stored as a comma-separated string), and does not ask about cardinality.',
        'Gets most relationships right but fixes cardinalities by assumption; needs a prompt to add a junction table for a many-to-many relationship.',
        'Asks about cardinality before committing (can a user be in several organisations, can a task have several assignees), uses junction tables with a unique pair, and carries the organisation id where isolation needs it.',
        'Does level 3 and also explains key choices (bigint versus UUID), names which relationships are likely to change cardinality later, and shapes the tables so that change stays cheap.',
      ],
    },
    {
      key: 'data_integrity',
      name: 'Integrity and constraints',
      description:
        'Uses the database to reject invalid data (keys, foreign keys, NOT NULL, unique and check constraints) and decides deliberately what happens on delete.',
      rubric: [
        'Relies entirely on application code to keep data valid; no foreign keys or unique constraints in the design.',
        'Adds primary and foreign keys but misses scoped uniqueness (unique per organisation) and leaves delete behaviour to defaults.',
        'Adds foreign keys, NOT NULL, a unique constraint scoped to the organisation, and chooses cascade, restrict or soft delete per relationship with a reason.',
        'Does level 3 and also blocks cross-tenant references in the schema (composite foreign keys including the organisation id) and sees how soft delete interacts with unique constraints (partial unique index).',
      ],
    },
    {
      key: 'indexing_and_queries',
      name: 'Indexing for real queries',
      description:
        'Derives indexes from the queries the product runs, orders composite index columns correctly, verifies use with the query plan, and weighs the write cost.',
      rubric: [
        'Indexes every column separately or none at all, and cannot say how to check whether an index is used.',
        'Proposes a sensible index for the main screen but cannot justify the column order or the cost to writes.',
        'Builds composite indexes with equality columns before the sort or range column, checks them with EXPLAIN ANALYZE, and mentions the cost each index adds to writes and storage.',
        'Does level 3 and also uses a partial or covering index where it pays off, explains why deep OFFSET pagination is slow and replaces it with keyset pagination.',
      ],
    },
    {
      key: 'evolution_and_migrations',
      name: 'Extensibility and safe migrations',
      description: 'Plans for likely change and moves a large live table to a new shape without downtime or data loss.',
      rubric: [
        'Would change a large table in one migration that rewrites or locks it, and does not consider old and new code running at the same time.',
        'Knows the change should be staged but cannot order the steps, or forgets the backfill or how to roll back.',
        'Describes expand and contract: add the new structure, write to both, backfill in batches, switch reads, remove the old structure later; each step can be rolled back.',
        'Does level 3 and also names the statements that take heavy locks and how to avoid them (building indexes concurrently, lock timeouts), throttles the backfill against replication lag, and verifies the copied data.',
      ],
    },
  ],
  questions: [
    {
      key: 'model_the_product',
      prompt:
        'Here is the product: organisations have members; members work on projects; projects contain tasks; a task has an assignee, a status, a due date, tags and comments. Sketch the tables, their keys and how they relate.',
      followUps: [
        'Can one person belong to two organisations? What changes in your tables if the answer is yes?',
        'Where does the link between tasks and tags live, and what is its primary key?',
        'What would you ask the product manager before settling these relationships?',
      ],
      signals: [
        'Asks about cardinality (one assignee or several, users in one or many organisations) before fixing it.',
        'Models many-to-many relationships with a junction table whose pair of ids is unique.',
        'Carries the organisation id on tenant-owned tables and explains that it supports isolation and indexing.',
        'Chooses primary key types on purpose and can say why.',
      ],
      redFlags: [
        'Stores lists in a text column (comma-separated tag names) without discussing how they will be queried.',
        "Copies data such as the user's name into the tasks table without a reason.",
      ],
      minutes: 12,
      competencies: ['entity_modelling'],
    },
    {
      key: 'protect_integrity',
      prompt: 'What stops bad data from getting into these tables? Show me the constraints you would add.',
      followUps: [
        'A tag name must be unique within an organisation but may repeat across organisations. How do you enforce that, and is "Bug" the same tag as "bug"?',
        'How do you stop a task in organisation A from being tagged with a tag that belongs to organisation B?',
        'A project is deleted. What happens to its tasks, comments and tag links? Hard delete or soft delete?',
      ],
      signals: [
        'Puts foreign keys, NOT NULL, unique and check constraints in the database and explains why application checks alone are not enough (concurrent requests, other writers, scripts).',
        'Enforces scoped uniqueness with a composite unique constraint or index, and handles case with a normalised or case-insensitive column.',
        'Prevents cross-tenant links with composite foreign keys that include the organisation id, or explains another enforceable approach.',
        'Chooses delete behaviour per relationship and notices that soft delete breaks plain unique constraints (fixed with a partial unique index).',
      ],
      redFlags: ['Answers "the application validates it" and nothing else.', 'Cascades every delete without considering what data is lost.'],
      minutes: 10,
      competencies: ['data_integrity', 'entity_modelling'],
    },
    {
      key: 'index_the_hot_paths',
      prompt:
        'The busiest screen lists the open tasks of one project, ordered by due date, 50 per page. Another screen shows everything assigned to the current user across projects. Which indexes do you create, and why?',
      followUps: [
        'Write down the column order of your composite index and explain it.',
        'How would you confirm the database actually uses it?',
        'What does each extra index cost us?',
        'Page 400 of the task list is slow with OFFSET. Why, and what would you do instead?',
      ],
      signals: [
        'Builds a composite index that matches the query, with equality columns first and the sort column last, for example (project_id, status, due_date).',
        'Considers a partial index for open tasks only, since closed tasks dominate over time.',
        'Checks the plan with EXPLAIN ANALYZE on realistic data and talks about selectivity.',
        'Knows each index slows writes and takes storage, and drops indexes that are not used.',
        'Replaces deep OFFSET with keyset (cursor) pagination on the sort key plus id.',
      ],
      redFlags: ['Adds a separate index on every column.', 'Cannot describe any way to verify that an index is used.'],
      minutes: 10,
      competencies: ['indexing_and_queries'],
    },
    {
      key: 'custom_fields',
      prompt: 'Customers now want custom fields on tasks, and each organisation defines its own (text, number, date, one of a list). How would you model them?',
      followUps: [
        'How would someone filter tasks by a custom field value, and how fast would that be with a million tasks?',
        'Would you decide differently if only three customers needed this?',
      ],
      signals: [
        'Compares at least two options (a JSON column with a suitable index, an entity-attribute-value table, typed value columns) on querying, validation and reporting.',
        'Separates field definitions (name, type, allowed values) from the values stored per task.',
        'Mentions validating values against the definition and limiting the number of fields per organisation.',
      ],
      redFlags: ["Adds a new column to the tasks table for each customer's field.", 'Picks one option without naming any trade-off.'],
      minutes: 8,
      competencies: ['evolution_and_migrations', 'entity_modelling'],
    },
    {
      key: 'live_migration',
      prompt:
        'Tasks must now support several assignees. The tasks table has 200 million rows, and the product cannot go down. Take me from the current schema to the new one.',
      followUps: [
        'In what order do the deploys happen, and what does the application code do between them?',
        'How do you backfill without long locks or overwhelming the replicas?',
        'Halfway through, the new code turns out to have a bug. How do you roll back?',
      ],
      signals: [
        'Uses expand and contract: create the assignees table, write to old and new, backfill, switch reads, and drop the old column in a later release.',
        'Knows which statements take heavy locks or rewrite the table and avoids them (create indexes concurrently, set a lock timeout).',
        'Backfills in small batches, throttled, watching replication lag, and can resume after stopping.',
        'Verifies the backfill (counts or checksums) before switching reads, and keeps every step reversible.',
      ],
      redFlags: [
        'Does the schema change and the backfill in one migration inside one transaction.',
        'Does not consider that old and new versions of the code run at the same time during a deploy.',
      ],
      minutes: 10,
      competencies: ['evolution_and_migrations', 'data_integrity'],
    },
  ],
  guidance: {
    opening:
      'Introduce yourself and explain the format: a shared document or whiteboard, one product described in a paragraph, and questions that build on each other. Tell the candidate that plain SQL, a diagram or a list of tables are all fine, and that asking product questions is welcome.',
    candidateQuestions:
      'The questions total 50 minutes. If the modelling question overruns, shorten the custom-fields question rather than the migration one. Stop by minute 55 so the candidate has at least 5 minutes for their own questions; say at the start that you will do this.',
    closing:
      'Thank the candidate, explain the next step and who will be in touch. Do not comment on how they did. Fill in the scorecard while the details are fresh, noting the tables and indexes they proposed.',
    notes: [
      'Paste the product paragraph into the shared document so the candidate does not have to memorise it.',
      'Cardinality questions are part of the signal: give the answer when asked, and note that they asked.',
      'Do not penalise a candidate for a different but defensible table layout; score the reasons they give.',
      'If the candidate knows a specific database well, let them use its features, and ask what would change on another database.',
    ],
  },
};

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hiring decisions (offer / reject, with the rationale and whether missing feedback was
 * acknowledged), offers with their compensation, lifecycle and rendered letter, and the approvals
 * each offer collects. The approval chain and offer template are organization settings, stored in
 * `organizations.settings` (keys `offerApprovalChain`, `offerTemplate`), so they need no table.
 */
export class Offers1763876000000 implements MigrationInterface {
  name = 'Offers1763876000000';

  async up(q: QueryRunner): Promise<void> {
    // --- hiring decisions ----------------------------------------------------------------------
    await q.query(`CREATE TABLE hiring_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      decision text NOT NULL CHECK (decision IN ('offer','reject')),
      rationale text NOT NULL CHECK (length(btrim(rationale)) > 0),
      rejection_reason_id uuid REFERENCES rejection_reasons(id) ON DELETE RESTRICT,
      acknowledged_missing_feedback boolean NOT NULL DEFAULT false,
      missing_feedback jsonb NOT NULL DEFAULT '[]',
      decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
      decided_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT hiring_decisions_reject_reason CHECK (decision <> 'reject' OR rejection_reason_id IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX hiring_decisions_application_idx ON hiring_decisions (application_id, decided_at DESC, id)`);
    await q.query(`CREATE INDEX hiring_decisions_org_decided_idx ON hiring_decisions (organization_id, decided_at, id)`);
    await q.query(`CREATE INDEX hiring_decisions_job_idx ON hiring_decisions (job_id, decided_at)`);
    await q.query(`CREATE INDEX hiring_decisions_reason_idx ON hiring_decisions (rejection_reason_id) WHERE rejection_reason_id IS NOT NULL`);
    await q.query(`CREATE INDEX hiring_decisions_decided_by_idx ON hiring_decisions (decided_by)`);

    // --- offers --------------------------------------------------------------------------------
    await q.query(`CREATE TABLE offers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft','pending_approval','approved','sent','accepted','declined','withdrawn','expired')),
      base_amount numeric(14,2) NOT NULL CHECK (base_amount > 0),
      base_currency char(3) NOT NULL,
      base_period text NOT NULL CHECK (base_period IN ('YEAR','MONTH','HOUR')),
      bonus jsonb,
      equity jsonb,
      start_date date NOT NULL,
      expires_at timestamptz NOT NULL,
      notes text,
      justification text,
      out_of_band boolean NOT NULL DEFAULT false,
      -- The chain resolved at submit time: [{ step, userId?, role?, reason? }].
      approval_chain jsonb NOT NULL DEFAULT '[]',
      -- Bumped whenever approvals are cleared (rejection, compensation change); approvals of older rounds are history.
      approval_round integer NOT NULL DEFAULT 0,
      last_rejection_comment text,
      version integer NOT NULL DEFAULT 1,
      letter_markdown text,
      letter_html text,
      decline_reason text,
      withdraw_reason text,
      submitted_at timestamptz,
      approved_at timestamptz,
      sent_at timestamptz,
      accepted_at timestamptz,
      declined_at timestamptz,
      withdrawn_at timestamptz,
      expired_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT offers_out_of_band_justified CHECK (NOT out_of_band OR justification IS NOT NULL),
      CONSTRAINT offers_declined_reason CHECK (status <> 'declined' OR decline_reason IS NOT NULL)
    )`);
    // One open offer per application; closed ones (declined, withdrawn, expired) are history.
    await q.query(
      `CREATE UNIQUE INDEX offers_one_open_key ON offers (application_id) WHERE status IN ('draft','pending_approval','approved','sent','accepted')`,
    );
    await q.query(`CREATE INDEX offers_application_idx ON offers (application_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX offers_org_created_idx ON offers (organization_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX offers_org_status_created_idx ON offers (organization_id, status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX offers_job_status_idx ON offers (job_id, status)`);
    await q.query(`CREATE INDEX offers_candidate_idx ON offers (candidate_id)`);
    await q.query(`CREATE INDEX offers_open_expiry_idx ON offers (expires_at) WHERE status IN ('draft','pending_approval','approved','sent')`);
    await q.query(`CREATE INDEX offers_created_by_idx ON offers (created_by)`);

    // --- approvals -----------------------------------------------------------------------------
    await q.query(`CREATE TABLE offer_approvals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      offer_id uuid NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
      round integer NOT NULL,
      step integer NOT NULL CHECK (step >= 0),
      approver_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      approver_role text,
      decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
      decision text NOT NULL CHECK (decision IN ('approved','rejected')),
      comment text,
      decided_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT offer_approvals_approver CHECK (approver_user_id IS NOT NULL OR approver_role IS NOT NULL),
      -- One decision per step of a round: two approvers acting at once cannot both land.
      CONSTRAINT offer_approvals_step_key UNIQUE (offer_id, round, step)
    )`);
    await q.query(`CREATE INDEX offer_approvals_org_idx ON offer_approvals (organization_id)`);
    await q.query(`CREATE INDEX offer_approvals_approver_user_idx ON offer_approvals (approver_user_id)`);
    await q.query(`CREATE INDEX offer_approvals_decided_by_idx ON offer_approvals (decided_by, decided_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE offer_approvals`);
    await q.query(`DROP TABLE offers`);
    await q.query(`DROP TABLE hiring_decisions`);
    await q.query(`UPDATE organizations SET settings = settings - 'offerApprovalChain' - 'offerTemplate'`);
  }
}

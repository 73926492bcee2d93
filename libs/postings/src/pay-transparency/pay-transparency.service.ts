import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../identity/src/index.js';
import { AuditService } from '../../../platform/src/index.js';
import { PostingsErrorCode, PostingsException } from '../postings.exception.js';
import { OverridePayRuleDto, PayRuleDto } from './pay-rule.dto.js';

interface RuleRow {
  id: string;
  country: string;
  region_code: string | null;
  region_name: string | null;
  jurisdiction: string;
  in_force_from: string;
  requires_range: boolean;
  forbids_salary_history: boolean;
  source: string;
  overridden: boolean;
}

/** Where a job is: its offices' country and region, and the countries it may be done remotely from. */
export interface JobPlaces {
  offices: Array<{ country: string; region: string }>;
  remoteCountries: string[];
}

const RULES_SQL = `SELECT r.id, r.country, r.region_code, r.region_name, r.jurisdiction, r.source,
        to_char(COALESCE(o.in_force_from, r.in_force_from), 'YYYY-MM-DD') AS in_force_from,
        COALESCE(o.requires_range, r.requires_range) AS requires_range,
        COALESCE(o.forbids_salary_history, r.forbids_salary_history) AS forbids_salary_history,
        (o.rule_id IS NOT NULL) AS overridden
   FROM pay_transparency_rules r
   LEFT JOIN pay_transparency_overrides o ON o.rule_id = r.id AND o.organization_id = $1`;

const today = () => new Date().toISOString().slice(0, 10);
const norm = (value: string | null | undefined) => (value ?? '').trim().toLowerCase();

/**
 * Pay transparency rules as data (postings owns them): the built-in jurisdictions (EU member states, US states), each
 * organization's overrides, and the check a posting must pass — a job whose office (or a country it may be done
 * remotely from) is covered by a rule in force that requires a range is refused without a salary range.
 */
@Injectable()
export class PayTransparency {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  /** GET /v1/pay-transparency/rules: every rule as it applies to the organization, by country then region. */
  async list(actor: AuthUser): Promise<PayRuleDto[]> {
    const rows = await this.rules(actor.organizationId);
    return rows.map((r) => toDto(r));
  }

  /** PUT /v1/pay-transparency/overrides: the organization's own version of a built-in rule (audited). */
  async override(actor: AuthUser, ruleId: string, input: OverridePayRuleDto): Promise<PayRuleDto> {
    return this.txHost.withTransaction(async () => {
      const before = (await this.rules(actor.organizationId, ruleId))[0];
      if (!before) throw new PostingsException(PostingsErrorCode.PayRuleNotFound, 'No such pay transparency rule.');
      await this.txHost.tx.query(
        `INSERT INTO pay_transparency_overrides (organization_id, rule_id, in_force_from, requires_range, forbids_salary_history, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (organization_id, rule_id) DO UPDATE SET in_force_from = EXCLUDED.in_force_from, requires_range = EXCLUDED.requires_range,
           forbids_salary_history = EXCLUDED.forbids_salary_history, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [actor.organizationId, ruleId, input.inForceFrom ?? null, input.requiresRange, input.forbidsSalaryHistory, actor.id],
      );
      const after = (await this.rules(actor.organizationId, ruleId))[0];
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'pay_transparency_rule',
        entityId: ruleId,
        action: 'override',
        changes: {
          requiresRange: { from: before.requires_range, to: after.requires_range },
          forbidsSalaryHistory: { from: before.forbids_salary_history, to: after.forbids_salary_history },
          inForceFrom: { from: before.in_force_from, to: after.in_force_from },
        },
      });
      return toDto(after);
    });
  }

  /** The rules in force today that require a pay range where the job is (an office there, or remote work from that country). */
  async rangeRulesFor(organizationId: string, places: JobPlaces): Promise<PayRuleDto[]> {
    const now = today();
    const rows = (await this.rules(organizationId)).filter((r) => r.requires_range && r.in_force_from <= now);
    return rows.filter((r) => covers(r, places)).map((r) => toDto(r));
  }

  /** Refuses (422 naming the jurisdiction) a job covered by a range rule that has no valid salary range. */
  async assertPostable(organizationId: string, places: JobPlaces, salary: { min: number | null; max: number | null }): Promise<void> {
    const hasRange = salary.min !== null && salary.max !== null && Number(salary.min) > 0 && Number(salary.max) >= Number(salary.min);
    if (hasRange) return;
    const rules = await this.rangeRulesFor(organizationId, places);
    const rule = rules[0];
    if (!rule) return;
    throw new PostingsException(
      PostingsErrorCode.PayRangeRequired,
      `Job posts for ${rule.jurisdiction} must state a salary range (${rule.source}, in force since ${rule.inForceFrom}). Add a minimum and maximum salary to the job, then post it.`,
      {
        errors: [{ field: 'salary', message: `A salary range is required in ${rule.jurisdiction}.` }],
        extensions: {
          rule: { id: rule.id, jurisdiction: rule.jurisdiction, inForceFrom: rule.inForceFrom, source: rule.source },
          jurisdictions: rules.map((r) => r.jurisdiction),
        },
      },
    );
  }

  private async rules(organizationId: string, ruleId?: string): Promise<RuleRow[]> {
    return this.txHost.tx.query<RuleRow[]>(
      `${RULES_SQL} ${ruleId ? 'WHERE r.id = $2' : ''} ORDER BY r.country, r.region_code NULLS FIRST, r.id`,
      ruleId ? [organizationId, ruleId] : [organizationId],
    );
  }
}

/**
 * Whether a rule covers a job: an office in its country and (for a regional rule) its region, written as the code
 * ("CO") or the name ("Colorado"); or a remote country it is in (a job open to remote work from the whole country can
 * be done from any of its regions, so regional rules cover it too).
 */
function covers(rule: RuleRow, places: JobPlaces): boolean {
  const country = norm(rule.country);
  if (places.remoteCountries.some((c) => norm(c) === country)) return true;
  return places.offices.some((o) => {
    if (norm(o.country) !== country) return false;
    if (!rule.region_code) return true;
    const region = norm(o.region);
    return region === norm(rule.region_code) || region === norm(rule.region_name);
  });
}

function toDto(r: RuleRow): PayRuleDto {
  return {
    id: r.id,
    country: r.country,
    regionCode: r.region_code,
    jurisdiction: r.jurisdiction,
    inForceFrom: r.in_force_from,
    requiresRange: r.requires_range,
    forbidsSalaryHistory: r.forbids_salary_history,
    source: r.source,
    overridden: r.overridden,
    inForce: r.in_force_from <= today(),
  };
}

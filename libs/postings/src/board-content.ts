import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { sanitizeJobHtml } from '../../templates/src/index.js';
import { type PostingOverrides, PostingStatus } from './posting.types.js';

export interface BoardOffice {
  id: string;
  publicId: number | null;
  name: string;
  city: string;
  region: string;
  country: string;
  postalCode: string | null;
  streetAddress: string | null;
}

/** Everything a board renders for one posting: the job's content with the posting's overrides applied. */
export interface BoardPosting {
  postingId: string;
  publicId: number;
  organizationId: string;
  board: string;
  status: PostingStatus;
  partnerBoardId: string | null;
  externalId: string | null;
  contentHash: string | null;
  jobId: string;
  jobPublicId: number | null;
  title: string;
  descriptionHtml: string;
  departmentId: string | null;
  departmentName: string | null;
  departmentPublicId: number | null;
  offices: BoardOffice[];
  workModel: 'onsite' | 'hybrid' | 'remote';
  remoteCountries: string[];
  employmentType: string;
  seniority: string;
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
  salaryPeriod: 'YEAR' | 'MONTH' | 'HOUR' | null;
  validThrough: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A posting with its job's public facts, read from the jobs module's published view `job_listings`
 * (never jobs' tables), and the board's own public ids.
 */
const SELECT = `
  SELECT p.id AS posting_id, p.public_id, p.organization_id, p.board, p.status, p.partner_board_id, p.external_id, p.content_hash,
         p.overrides, p.valid_through, p.published_at, p.created_at, GREATEST(p.updated_at, j.updated_at) AS updated_at,
         j.job_id, jp.public_id AS job_public_id, j.title, j.description_html, j.work_model, j.remote_countries,
         j.employment_type, j.seniority, j.salary_min, j.salary_max, j.salary_currency, j.salary_period,
         j.department_id, j.department_name, dp.public_id AS department_public_id,
         COALESCE((SELECT json_agg((o.office::jsonb || jsonb_build_object('publicId', op.public_id))::json ORDER BY o.ord)
                     FROM json_array_elements(j.offices) WITH ORDINALITY AS o(office, ord)
                     LEFT JOIN board_public_ids op ON op.kind = 'office' AND op.entity_id = (o.office->>'id')::uuid), '[]'::json) AS offices
    FROM postings p
    JOIN job_listings j ON j.job_id = p.job_id
    LEFT JOIN board_public_ids jp ON jp.kind = 'job' AND jp.entity_id = j.job_id
    LEFT JOIN board_public_ids dp ON dp.kind = 'department' AND dp.entity_id = j.department_id`;

interface Row {
  posting_id: string;
  public_id: string;
  organization_id: string;
  board: string;
  status: PostingStatus;
  partner_board_id: string | null;
  external_id: string | null;
  content_hash: string | null;
  overrides: PostingOverrides;
  valid_through: Date | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  job_id: string;
  job_public_id: string | null;
  title: string;
  description_html: string;
  work_model: BoardPosting['workModel'];
  remote_countries: string[];
  employment_type: string;
  seniority: string;
  salary_min: string | null;
  salary_max: string | null;
  salary_currency: string | null;
  salary_period: BoardPosting['salaryPeriod'];
  department_id: string | null;
  department_name: string | null;
  department_public_id: string | null;
  offices: BoardOffice[];
}

function toBoardPosting(row: Row): BoardPosting {
  const overrides = row.overrides ?? {};
  return {
    postingId: row.posting_id,
    publicId: Number(row.public_id),
    organizationId: row.organization_id,
    board: row.board,
    status: row.status,
    partnerBoardId: row.partner_board_id,
    externalId: row.external_id,
    contentHash: row.content_hash,
    jobId: row.job_id,
    jobPublicId: row.job_public_id === null ? null : Number(row.job_public_id),
    title: overrides.title ?? row.title,
    descriptionHtml: overrides.description ? sanitizeJobHtml(overrides.description) : row.description_html,
    departmentId: row.department_id,
    departmentName: row.department_name,
    departmentPublicId: row.department_public_id === null ? null : Number(row.department_public_id),
    offices: row.offices.map((o) => ({ ...o, publicId: o.publicId === null ? null : Number(o.publicId), country: o.country.trim() })),
    workModel: row.work_model,
    remoteCountries: row.remote_countries ?? [],
    employmentType: row.employment_type,
    seniority: row.seniority,
    salaryMin: row.salary_min === null ? null : Number(row.salary_min),
    salaryMax: row.salary_max === null ? null : Number(row.salary_max),
    salaryCurrency: row.salary_currency?.trim() ?? null,
    salaryPeriod: row.salary_period,
    validThrough: row.valid_through,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Postings with their job content, by posting id. */
export async function loadPostingsById(manager: EntityManager, ids: string[]): Promise<BoardPosting[]> {
  if (ids.length === 0) return [];
  const rows: Row[] = await manager.query(`${SELECT} WHERE p.id = ANY($1::uuid[]) ORDER BY p.public_id`, [ids]);
  return rows.map(toBoardPosting);
}

/**
 * The postings an organization's board shows right now: live and not past validThrough
 * (checked at read time too, so a posting disappears on time even if the worker lags).
 */
export async function loadLivePostings(
  manager: EntityManager,
  organizationId: string,
  board: string,
  extra = '',
  params: unknown[] = [],
): Promise<BoardPosting[]> {
  const rows: Row[] = await manager.query(
    `${SELECT} WHERE p.organization_id = $1 AND p.board = $2 AND (p.status = 'live' OR (p.status = 'publishing' AND p.published_at IS NOT NULL)) AND (p.valid_through IS NULL OR p.valid_through > now()) ${extra}
      ORDER BY p.published_at DESC, p.public_id DESC`,
    [organizationId, board, ...params],
  );
  return rows.map(toBoardPosting);
}

/**
 * The same live postings, a page at a time in descending public id order (a keyset cursor), so
 * that a large board is never held in memory whole. Run it inside one REPEATABLE READ transaction
 * for a consistent snapshot across pages.
 */
export async function* livePostingPages(manager: EntityManager, organizationId: string, board: string, pageSize = 250): AsyncGenerator<BoardPosting[]> {
  let before: string | null = null;
  for (;;) {
    const rows: Row[] = await manager.query(
      `${SELECT} WHERE p.organization_id = $1 AND p.board = $2 AND (p.status = 'live' OR (p.status = 'publishing' AND p.published_at IS NOT NULL)) AND (p.valid_through IS NULL OR p.valid_through > now())
         AND ($3::bigint IS NULL OR p.public_id < $3::bigint)
       ORDER BY p.public_id DESC LIMIT $4`,
      [organizationId, board, before, pageSize],
    );
    if (rows.length === 0) return;
    yield rows.map(toBoardPosting);
    if (rows.length < pageSize) return;
    before = rows[rows.length - 1].public_id;
  }
}

/** A careers posting by its public integer id, whatever its status (the page answers 410 when it is over). */
export async function loadPublicPosting(manager: EntityManager, organizationId: string, publicId: number, board: string): Promise<BoardPosting | null> {
  const rows: Row[] = await manager.query(`${SELECT} WHERE p.organization_id = $1 AND p.public_id = $2 AND p.board = $3`, [organizationId, publicId, board]);
  return rows[0] ? toBoardPosting(rows[0]) : null;
}

/** Hash of what a board shows: an unchanged hash means there is nothing to send. */
export function contentHash(p: BoardPosting): string {
  const content = {
    title: p.title,
    description: p.descriptionHtml,
    department: p.departmentName,
    offices: p.offices.map((o) => [o.name, o.city, o.region, o.country, o.postalCode, o.streetAddress]),
    workModel: p.workModel,
    remoteCountries: p.remoteCountries,
    employmentType: p.employmentType,
    seniority: p.seniority,
    salary: [p.salaryMin, p.salaryMax, p.salaryCurrency, p.salaryPeriod],
    validThrough: p.validThrough ? new Date(p.validThrough).toISOString() : null,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
}

/** Gives integer public ids to a job, and to every department and office of its organization that lacks one. */
export async function ensurePublicIds(manager: EntityManager, organizationId: string, jobIds: string[]): Promise<void> {
  await manager.query(
    `INSERT INTO board_public_ids (kind, entity_id, organization_id)
     SELECT 'job', job_id, organization_id FROM job_listings WHERE job_id = ANY($2::uuid[]) AND organization_id = $1
     UNION ALL SELECT kind, id, organization_id FROM org_units WHERE organization_id = $1
     ON CONFLICT DO NOTHING`,
    [organizationId, jobIds],
  );
}

/** "City, Region, CC" of each office, or "Remote (…)" for remote jobs. */
export function locationName(p: BoardPosting): string {
  if (p.workModel === 'remote') return p.remoteCountries.length ? `Remote (${p.remoteCountries.join(', ')})` : 'Remote';
  const names = p.offices.map((o) => [o.city, o.region, o.country].filter(Boolean).join(', '));
  return names.length ? names.join('; ') : 'Unspecified';
}

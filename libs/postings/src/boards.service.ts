import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { Organization, OrganizationsService } from '../../identity/src/index.js';
import { type BoardDocument, BoardCacheService, type DocumentWanted } from './board-cache.service.js';
import { type BoardPosting, ensurePublicIds, livePostingPages, loadLivePostings, loadPublicPosting } from './board-content.js';
import { BoardFeed } from './board-feed.entity.js';
import { BuiltInBoard, FEED_BOARDS, type FeedBoard, PostingStatus } from './posting.types.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';
import { type ApplyProblem, type CareersFilters, careersJobPage, careersListPage, type FilterOption, gonePage } from './render/careers-html.js';
import { APPLICATION_QUESTIONS, Directory, type DirectoryEntry, ghDepartment, ghJobSummary, ghJobWithContent, ghOffice } from './render/greenhouse.js';
import { type OrgProfile, orgProfile } from './render/org-profile.js';
import { feedWriter } from './render/xml-feeds.js';

export type RenderAs = 'list' | 'tree';

export interface CareersJobResult {
  status: 200 | 410;
  html: string;
  posting: BoardPosting;
  org: OrgProfile;
}

/**
 * The public boards: careers page (HTML + JSON-LD), the Greenhouse-compatible JSON job board
 * (cached in Redis, dropped on every posting change) and the stored Indeed/LinkedIn feeds.
 */
@Injectable()
export class BoardsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly organizations: OrganizationsService,
    private readonly cache: BoardCacheService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async organization(slug: string): Promise<{ org: Organization; profile: OrgProfile }> {
    const org = /^[a-z0-9-]{1,64}$/.test(slug) ? await this.organizations.findBySlug(slug) : null;
    if (!org) throw new PostingsException(PostingsErrorCode.BoardNotFound, 'No such job board.');
    return { org, profile: orgProfile(org, this.config.publicBaseUrl) };
  }

  // --- Greenhouse-compatible JSON ---------------------------------------------------------------

  async boardJobsJson(slug: string, content: boolean, wanted: DocumentWanted = {}): Promise<BoardDocument> {
    const { org, profile } = await this.organization(slug);
    return this.cache.getOrCompute(
      org.id,
      `jobs:${content}`,
      async () => {
        const postings = await loadLivePostings(this.txHost.tx, org.id, BuiltInBoard.Careers);
        if (!content) return { jobs: postings.map((p) => ghJobSummary(p, profile)), meta: { total: postings.length } };
        const { departments, offices } = await this.directories(org.id);
        return { jobs: postings.map((p) => ghJobWithContent(p, profile, departments, offices)), meta: { total: postings.length } };
      },
      wanted,
    );
  }

  async boardJobJson(slug: string, publicId: number, questions: boolean, wanted: DocumentWanted = {}): Promise<BoardDocument> {
    const { org, profile } = await this.organization(slug);
    const posting = await this.livePosting(org.id, publicId);
    return this.cache.getOrCompute(
      org.id,
      `job:${publicId}:${questions}`,
      async () => {
        const { departments, offices } = await this.directories(org.id);
        const job = ghJobWithContent(posting, profile, departments, offices);
        return questions ? { ...job, questions: APPLICATION_QUESTIONS, location_questions: [], compliance: [] } : job;
      },
      wanted,
    );
  }

  async boardJson(slug: string, wanted: DocumentWanted = {}): Promise<BoardDocument> {
    const { org } = await this.organization(slug);
    return this.cache.getOrCompute(
      org.id,
      'board',
      () =>
        Promise.resolve({
          name: org.name,
          content: typeof org.settings?.boardIntro === 'string' ? org.settings.boardIntro : `<p>Open positions at ${org.name}.</p>`,
        }),
      wanted,
    );
  }

  async departmentsJson(slug: string, renderAs: RenderAs, departmentId?: number, wanted: DocumentWanted = {}): Promise<BoardDocument> {
    const { org, profile } = await this.organization(slug);
    return this.cache.getOrCompute(
      org.id,
      `departments:${renderAs}:${departmentId ?? ''}`,
      async () => {
        const { departments } = await this.directories(org.id);
        const postings = await loadLivePostings(this.txHost.tx, org.id, BuiltInBoard.Careers);
        const jobsOf = (e: DirectoryEntry) => postings.filter((p) => p.departmentId === e.id).map((p) => this.ghDirectoryJob(p, profile));
        const tree = (e: DirectoryEntry): unknown => ({ id: e.publicId, name: e.name, jobs: jobsOf(e), children: departments.childrenOf(e.id).map(tree) });
        const flat = (e: DirectoryEntry) => ({ ...ghDepartment(e, departments), jobs: jobsOf(e) });
        if (departmentId !== undefined) {
          const e = departments.byPublicId(departmentId);
          if (!e) throw new PostingsException(PostingsErrorCode.BoardNotFound, 'No such department.');
          return renderAs === 'tree' ? tree(e) : flat(e);
        }
        return { departments: renderAs === 'tree' ? departments.roots().map(tree) : departments.entries.map(flat) };
      },
      wanted,
    );
  }

  async officesJson(slug: string, renderAs: RenderAs, officeId?: number, wanted: DocumentWanted = {}): Promise<BoardDocument> {
    const { org, profile } = await this.organization(slug);
    return this.cache.getOrCompute(
      org.id,
      `offices:${renderAs}:${officeId ?? ''}`,
      async () => {
        const { departments, offices } = await this.directories(org.id);
        const postings = await loadLivePostings(this.txHost.tx, org.id, BuiltInBoard.Careers);
        const departmentsAt = (o: DirectoryEntry) => {
          const here = postings.filter((p) => p.offices.some((x) => x.id === o.id));
          return departments.entries
            .map((d) => ({ ...ghDepartment(d, departments), jobs: here.filter((p) => p.departmentId === d.id).map((p) => this.ghDirectoryJob(p, profile)) }))
            .filter((d) => d.jobs.length > 0);
        };
        const tree = (o: DirectoryEntry): unknown => ({
          id: o.publicId,
          name: o.name,
          location: o.location,
          departments: departmentsAt(o),
          children: offices.childrenOf(o.id).map(tree),
        });
        const flat = (o: DirectoryEntry) => ({ ...ghOffice(o, offices), departments: departmentsAt(o) });
        if (officeId !== undefined) {
          const o = offices.byPublicId(officeId);
          if (!o) throw new PostingsException(PostingsErrorCode.BoardNotFound, 'No such office.');
          return renderAs === 'tree' ? tree(o) : flat(o);
        }
        return { offices: renderAs === 'tree' ? offices.roots().map(tree) : offices.entries.map(flat) };
      },
      wanted,
    );
  }

  /** A live careers posting by public id, or 404. */
  async livePosting(organizationId: string, publicId: number): Promise<BoardPosting> {
    const posting =
      Number.isSafeInteger(publicId) && publicId > 0 ? await loadPublicPosting(this.txHost.tx, organizationId, publicId, BuiltInBoard.Careers) : null;
    if (!posting || !isLive(posting)) throw new PostingsException(PostingsErrorCode.PostingNotFound, 'No such job post on this board.');
    return posting;
  }

  private ghDirectoryJob(p: BoardPosting, profile: OrgProfile) {
    const { id, title, location, updated_at, absolute_url } = ghJobSummary(p, profile);
    return { id, title, location, updated_at, absolute_url };
  }

  private async directories(organizationId: string): Promise<{ departments: Directory; offices: Directory }> {
    const load = async () => {
      const deps: Array<{ id: string; public_id: string | null; name: string; parent_id: string | null }> = await this.txHost.tx.query(
        `SELECT d.id, b.public_id, d.name, d.parent_id FROM org_units d LEFT JOIN board_public_ids b ON b.kind = 'department' AND b.entity_id = d.id
          WHERE d.kind = 'department' AND d.organization_id = $1 ORDER BY d.name, d.id`,
        [organizationId],
      );
      const offs: Array<{ id: string; public_id: string | null; name: string; parent_id: string | null; city: string; region: string; country: string }> =
        await this.txHost.tx.query(
          `SELECT o.id, b.public_id, o.name, o.parent_id, o.city, o.region, o.country FROM org_units o LEFT JOIN board_public_ids b ON b.kind = 'office' AND b.entity_id = o.id
          WHERE o.kind = 'office' AND o.organization_id = $1 ORDER BY o.name, o.id`,
          [organizationId],
        );
      return { deps, offs };
    };
    let { deps, offs } = await load();
    if ([...deps, ...offs].some((r) => r.public_id === null)) {
      await ensurePublicIds(this.txHost.tx, organizationId, []);
      ({ deps, offs } = await load());
    }
    return {
      departments: new Directory(deps.map((d) => ({ id: d.id, publicId: Number(d.public_id), name: d.name, parentId: d.parent_id }))),
      offices: new Directory(
        offs.map((o) => ({
          id: o.id,
          publicId: Number(o.public_id),
          name: o.name,
          parentId: o.parent_id,
          location: [o.city, o.region, o.country.trim()].filter(Boolean).join(', '),
        })),
      ),
    };
  }

  // --- careers page ---------------------------------------------------------------------------

  async careersList(slug: string, filters: CareersFilters): Promise<string> {
    const { org, profile } = await this.organization(slug);
    const { departments, offices } = await this.directories(org.id);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const dept = filters.department ? departments.byPublicId(Number(filters.department)) : undefined;
    const office = filters.office ? offices.byPublicId(Number(filters.office)) : undefined;
    if (filters.department) {
      params.push(dept?.id ?? '00000000-0000-0000-0000-000000000000');
      conditions.push(`AND j.department_id = $${params.length + 2}`);
    }
    if (filters.office) {
      params.push(office?.id ?? '00000000-0000-0000-0000-000000000000');
      conditions.push(`AND $${params.length + 2}::uuid = ANY(j.office_ids)`);
    }
    if (filters.workModel) {
      params.push(filters.workModel);
      conditions.push(`AND j.work_model = $${params.length + 2}`);
    }
    const postings = await loadLivePostings(this.txHost.tx, org.id, BuiltInBoard.Careers, conditions.join(' '), params);
    const opt = (e: DirectoryEntry): FilterOption => ({ value: String(e.publicId), label: e.name });
    return careersListPage(profile, postings, filters, departments.entries.map(opt), offices.entries.map(opt));
  }

  /** The job page; a closed or expired posting answers 410 without JSON-LD. */
  async careersJob(
    slug: string,
    publicId: number,
    source = 'careers',
    errors: ApplyProblem[] = [],
    values: Record<string, string> = {},
  ): Promise<CareersJobResult> {
    const { org, profile } = await this.organization(slug);
    const posting = Number.isSafeInteger(publicId) && publicId > 0 ? await loadPublicPosting(this.txHost.tx, org.id, publicId, BuiltInBoard.Careers) : null;
    if (
      !posting ||
      [PostingStatus.Pending, PostingStatus.Failed].includes(posting.status) ||
      (posting.status === PostingStatus.Publishing && !posting.publishedAt)
    ) {
      throw new PostingsException(PostingsErrorCode.PostingNotFound, 'No such job post.');
    }
    if (!isLive(posting)) return { status: 410, html: gonePage(profile, posting.title), posting, org: profile };
    return { status: 200, html: careersJobPage(profile, posting, source, errors, values), posting, org: profile };
  }

  // --- feeds ------------------------------------------------------------------------------------

  async feed(slug: string, board: FeedBoard): Promise<BoardFeed> {
    const { org } = await this.organization(slug);
    const stored = await this.txHost.tx.getRepository(BoardFeed).findOneBy({ organizationId: org.id, board });
    if (stored) return stored;
    await this.regenerateFeeds(org.id);
    return this.txHost.tx.getRepository(BoardFeed).findOneByOrFail({ organizationId: org.id, board });
  }

  /**
   * Rebuilds both XML feeds of an organization; a feed whose jobs did not change keeps its ETag and date.
   * Each feed is built in chunks from a keyset cursor over its live postings (one consistent snapshot),
   * and each chunk goes straight to a session temp table: Postgres joins them into the stored body,
   * so the worker holds one page of postings and one chunk of XML at a time, whatever the board's size.
   * The ETag hashes everything but lastBuildDate.
   */
  async regenerateFeeds(organizationId: string): Promise<{ changed: FeedBoard[] }> {
    const org = await this.organizations.findById(organizationId);
    if (!org) return { changed: [] };
    const profile = orgProfile(org, this.config.publicBaseUrl);
    const changed: FeedBoard[] = [];
    for (const board of FEED_BOARDS) {
      const stored = await retrySerialization(() =>
        this.txHost.withTransaction({ isolationLevel: 'REPEATABLE READ' }, async () => {
          await this.txHost.tx.query(`CREATE TEMP TABLE IF NOT EXISTS board_feed_chunks (n integer PRIMARY KEY, chunk text NOT NULL) ON COMMIT DELETE ROWS`);
          await this.txHost.tx.query(`DELETE FROM board_feed_chunks`);
          const writer = feedWriter(board, profile, this.config.publicBaseUrl);
          const hash = createHash('sha256');
          let entries = 0;
          let postings = 0;
          let n = 0;
          for await (const page of livePostingPages(this.txHost.tx, organizationId, board)) {
            let chunk = '';
            for (const p of page) {
              const { xml, count } = writer.entries(p);
              chunk += xml;
              entries += count;
            }
            postings += page.length;
            hash.update(chunk);
            await this.txHost.tx.query(`INSERT INTO board_feed_chunks (n, chunk) VALUES ($1, $2)`, [++n, chunk]);
          }
          const header = writer.header(entries, new Date());
          hash.update(withoutBuildDate(header)).update(writer.footer);
          const etag = `"${hash.digest('hex').slice(0, 32)}"`;
          const result: unknown[] = await this.txHost.tx.query(
            `INSERT INTO board_feeds (organization_id, board, body, etag, job_count, generated_at)
           SELECT $1, $2, $3 || COALESCE((SELECT string_agg(chunk, '' ORDER BY n) FROM board_feed_chunks), '') || $4, $5, $6, date_trunc('second', now())
           ON CONFLICT (organization_id, board) DO UPDATE SET body = EXCLUDED.body, etag = EXCLUDED.etag, job_count = EXCLUDED.job_count, generated_at = EXCLUDED.generated_at
           WHERE board_feeds.etag <> EXCLUDED.etag RETURNING board`,
            [organizationId, board, header, writer.footer, etag, postings],
          );
          return result.length > 0;
        }),
      );
      if (stored) changed.push(board);
    }
    await this.cache.invalidate(organizationId).catch(() => undefined);
    return { changed };
  }
}

/** Two rebuilds of the same feed at once: the snapshot that loses is retried (it then sees the winner's rows). */
async function retrySerialization<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (code !== '40001' || attempt >= attempts) throw error;
    }
  }
}

function isLive(p: BoardPosting): boolean {
  const current = p.status === PostingStatus.Live || (p.status === PostingStatus.Publishing && p.publishedAt !== null);
  return current && (!p.validThrough || new Date(p.validThrough).getTime() > Date.now());
}

/** The feed header without its `<lastBuildDate>…</lastBuildDate>` element (found by position, not by a backtracking pattern). */
function withoutBuildDate(header: string): string {
  const open = '<lastBuildDate>';
  const close = '</lastBuildDate>';
  const start = header.indexOf(open);
  const end = start < 0 ? -1 : header.indexOf(close, start + open.length);
  return end < 0 ? header : header.slice(0, start) + header.slice(end + close.length);
}

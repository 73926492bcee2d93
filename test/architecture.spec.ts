import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeTestDb, testDb } from './support/db.js';

/**
 * Modules depend downward only. A library may import the libraries listed before it, never one
 * listed after it; apps may import any library; no library imports an app. `reporting` sits on top:
 * nothing imports it.
 */
const LAYERS = [
  'config',
  'db',
  'platform',
  'identity',
  'templates',
  'jobs',
  'pipelines',
  'postings',
  'interviews',
  'scorecards',
  'offers',
  'mail',
  'webhooks',
  'privacy',
  'reporting',
];

/** The one exception to table ownership: the read-only reporting module may SELECT from any table (and write none). */
const READS_EVERY_TABLE = 'reporting';

/**
 * Crossings of table ownership not removed yet: file → tables of other modules it still names, and why.
 * The list only shrinks: a crossing missing here fails the test, and so does an entry that no longer
 * crosses (delete it when you fix it). Do not add to it; go through the owner's service instead.
 */
const KNOWN_CROSSINGS: Record<string, { tables: string[]; why: string }> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const libs = readdirSync('libs').filter((name) => statSync(join('libs', name)).isDirectory());

describe('module dependencies', () => {
  it('every library has a place in the layering', () => {
    expect(libs.filter((lib) => !LAYERS.includes(lib))).toEqual([]);
  });

  it.each(LAYERS.filter((lib) => libs.includes(lib)))('%s imports only libraries below it, and no app', (lib) => {
    const allowed = new Set(LAYERS.slice(0, LAYERS.indexOf(lib) + 1));
    const violations: string[] = [];
    for (const file of sourceFiles(join('libs', lib, 'src'))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/from '((?:\.\.\/)+)([a-z-]+)\/(src|[a-z]+)/g)) {
        const depth = match[1].length / 3;
        const relativeToLibs = file.split('/').length - 2 - depth; // how far above libs/<lib> the import climbs
        if (relativeToLibs === 0 && match[3] === 'src' && !allowed.has(match[2])) violations.push(`${file} imports ${match[2]}`);
        if (relativeToLibs < 0 && match[2] === 'apps') violations.push(`${file} imports an app`);
      }
      if (/from '(\.\.\/)+apps\//.test(source)) violations.push(`${file} imports an app`);
    }
    expect(violations).toEqual([]);
  });
});

/** Comments may name any table; only code counts. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Entity class name → table, from every `@Entity('table') export class Name` in libs. */
function entityTables(): Map<string, string> {
  const entities = new Map<string, string>();
  for (const lib of libs) {
    for (const file of sourceFiles(join('libs', lib, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/@Entity\('([a-z_]+)'\)[\s\S]*?export class (\w+)/g)) entities.set(m[2], m[1]);
    }
  }
  return entities;
}

const SQL_TABLE = /\b(DELETE FROM|FROM|JOIN|UPDATE|INTO|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/g;
const BUILDER_TABLE = /\.(from|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect|into|update|insert|delete)\(\s*'([a-z_][a-z0-9_]*)'/g;
const SQL_WRITE = /\b(INSERT INTO|UPDATE [a-z_]+\s+SET|DELETE FROM|TRUNCATE|ALTER TABLE|DROP TABLE|CREATE TABLE|MERGE INTO)\b/g;
const REPOSITORY_USE = /\b(getRepository|InjectRepository|forFeature)\(|\.(save|insert|update|delete|upsert|remove|increment|decrement)\(\s*[A-Z]/g;

interface Finding {
  table: string;
  how: string;
  /** Named where rows are written (UPDATE, INSERT INTO, DELETE, a builder's into/update/insert/delete) rather than read. */
  write: boolean;
}

const WRITE_KEYWORDS = new Set(['DELETE FROM', 'UPDATE', 'INTO', 'TABLE', 'into', 'update', 'insert', 'delete']);

/** Every table a piece of source names: in SQL, in query-builder strings, and through entity classes used as values. */
export function tablesNamed(source: string, entities: Map<string, string>, knownTables: Set<string>): Finding[] {
  const code = stripComments(source);
  const found: Finding[] = [];
  for (const m of code.matchAll(SQL_TABLE)) if (knownTables.has(m[2])) found.push({ table: m[2], how: `${m[1]} ${m[2]}`, write: WRITE_KEYWORDS.has(m[1]) });
  for (const m of code.matchAll(BUILDER_TABLE))
    if (knownTables.has(m[2])) found.push({ table: m[2], how: `.${m[1]}('${m[2]}')`, write: WRITE_KEYWORDS.has(m[1]) });
  for (const [entity, table] of entities) {
    if (new RegExp(`[(\\[,]\\s*${entity}\\s*[,)\\]]`).test(code)) found.push({ table, how: `entity ${entity}`, write: true });
  }
  return found;
}

describe('table ownership', () => {
  let owners: Map<string, string[]>;
  let owned: Map<string, Set<string>>;
  let databaseTables: string[];
  let viewOwners: Map<string, string[]>;
  let databaseViews: string[];

  beforeAll(async () => {
    owners = new Map();
    owned = new Map();
    viewOwners = new Map();
    for (const lib of libs) {
      const declared = (await import(pathToFileURL(join(process.cwd(), 'libs', lib, 'src', 'owned-tables.ts')).href)) as {
        OWNED_TABLES: readonly string[];
        PUBLISHED_VIEWS?: readonly string[];
      };
      owned.set(lib, new Set([...declared.OWNED_TABLES, ...(declared.PUBLISHED_VIEWS ?? [])]));
      for (const table of declared.OWNED_TABLES) owners.set(table, [...(owners.get(table) ?? []), lib]);
      for (const view of declared.PUBLISHED_VIEWS ?? []) viewOwners.set(view, [...(viewOwners.get(view) ?? []), lib]);
    }
    const db = await testDb();
    const rows: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    databaseTables = rows.map((r) => r.table_name);
    const views: { table_name: string }[] = await db.query(`SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name`);
    databaseViews = views.map((r) => r.table_name);
  });

  afterAll(closeTestDb);

  it('every table of the migrated schema is owned by exactly one module, and every declared table exists', () => {
    expect(databaseTables.length).toBeGreaterThan(30);
    expect(
      databaseTables.filter((table) => (owners.get(table) ?? []).length !== 1).map((t) => `${t}: ${(owners.get(t) ?? []).join(', ') || 'no owner'}`),
    ).toEqual([]);
    expect([...owners.keys()].filter((table) => !databaseTables.includes(table))).toEqual([]);
  });

  it('every view of the migrated schema is published by exactly one module, and every published view exists', () => {
    expect(
      databaseViews.filter((view) => (viewOwners.get(view) ?? []).length !== 1).map((v) => `${v}: ${(viewOwners.get(v) ?? []).join(', ') || 'no owner'}`),
    ).toEqual([]);
    expect([...viewOwners.keys()].filter((view) => !databaseViews.includes(view))).toEqual([]);
  });

  it('the scanner sees tables in SQL, in query builders and through entity classes', () => {
    const entities = new Map([['Offer', 'offers']]);
    const known = new Set(['offers', 'jobs', 'applications', 'job_listings']);
    const sample = [
      'manager.query(`SELECT o.id FROM offers o JOIN jobs j ON j.id = o.job_id WHERE o.id = $1`, [id]);',
      "manager.createQueryBuilder().select('a.id').from('applications', 'a');",
      'manager.getRepository(Offer).findOneBy({ id });',
      '// FROM applications is only a comment',
      'function f(offer: Offer): Promise<Offer[]> {}',
      'manager.query(`UPDATE job_listings SET title = $1`);',
    ].join('\n');
    expect(tablesNamed(sample, entities, known).map((f) => [f.how, f.write])).toEqual([
      ['FROM offers', false],
      ['JOIN jobs', false],
      ['UPDATE job_listings', true],
      [".from('applications')", false],
      ['entity Offer', true],
    ]);
  });

  it.each(LAYERS.filter((lib) => libs.includes(lib) && lib !== READS_EVERY_TABLE))('%s names only tables it owns', (lib) => {
    const entities = entityTables();
    const known = new Set([...databaseTables, ...databaseViews]);
    const mine = owned.get(lib) ?? new Set<string>();
    const violations: string[] = [];
    const stale: string[] = [];
    for (const file of sourceFiles(join('libs', lib, 'src'))) {
      const allowed = new Set(KNOWN_CROSSINGS[file]?.tables ?? []);
      const crossed = new Set<string>();
      for (const { table, how, write } of tablesNamed(readFileSync(file, 'utf8'), entities, known)) {
        if (mine.has(table)) continue;
        if (viewOwners.has(table) && !write) continue; // a published read model: anyone may SELECT from it
        crossed.add(table);
        if (!allowed.has(table)) violations.push(`${file}: ${how} (owned by ${(owners.get(table) ?? viewOwners.get(table) ?? ['nobody']).join(', ')})`);
      }
      for (const table of allowed) if (!crossed.has(table)) stale.push(`${file}: ${table} is listed in KNOWN_CROSSINGS but no longer named`);
    }
    expect([...new Set(violations)]).toEqual([]);
    expect(stale).toEqual([]);
  });

  it(`${READS_EVERY_TABLE} only reads: no writes in SQL, no repositories`, () => {
    const violations: string[] = [];
    for (const file of sourceFiles(join('libs', READS_EVERY_TABLE, 'src'))) {
      const code = stripComments(readFileSync(file, 'utf8'));
      for (const m of code.matchAll(SQL_WRITE)) violations.push(`${file}: ${m[1]}`);
      for (const m of code.matchAll(REPOSITORY_USE)) violations.push(`${file}: ${m[0]}`);
    }
    expect(violations).toEqual([]);
  });
});

describe('access policy', () => {
  it('hiring-team membership is read only inside the jobs module (everyone else asks AccessPolicy or HiringTeamsService)', () => {
    const outside = [
      ...LAYERS.filter((lib) => lib !== 'jobs' && existsSync(join('libs', lib, 'src'))).map((lib) => join('libs', lib, 'src')),
      ...readdirSync('apps').map((app) => join('apps', app, 'src')),
    ];
    const offenders = outside.flatMap((dir) => sourceFiles(dir).filter((file) => /job_hiring_team|JobHiringTeamMember/.test(readFileSync(file, 'utf8'))));
    expect(offenders).toEqual([]);
  });
});

/**
 * One unit of work (DEVELOPING.md, "Unit of work"): a service opens a transaction with `txHost.withTransaction(fn)` and
 * runs every query on `txHost.tx`, which is the current transaction's EntityManager inside one. Nothing hands an
 * EntityManager around, and nothing opens a transaction by hand (`dataSource.transaction(...)`), so a call either joins
 * its caller's transaction or, outside one, opens its own. Free query helpers (a module's `*-content.ts` / `*-fields.ts`
 * functions, not classes) may take the `txHost.tx` they are given; classes may not take one.
 */
describe('unit of work', () => {
  const roots = [...libs.map((lib) => join('libs', lib, 'src')), ...['api', 'worker'].map((app) => join('apps', app, 'src'))].filter((dir) => existsSync(dir));
  /** The DbModule registers the unit of work and the standalone helper builds one for scripts: the only places that may name the adapter's DataSource. */
  const SETUP = new Set([join('libs', 'db', 'src', 'db.module.ts'), join('libs', 'db', 'src', 'unit-of-work.ts')]);
  /** A parameter typed EntityManager (a method's, a constructor's or a callback type's): `name: EntityManager` or `name?: EntityManager`. */
  const MANAGER_PARAMETER =
    /[(,]\s*(?:@\w+\([^)]*\)\s*)?(?:(?:private|public|protected|readonly)\s+)*\w+\??\s*:\s*(?:EntityManager|DataSource)\b(?:\s*\|\s*\w+)*\s*(?:=[^,)]*)?[,)]/g;
  const OPENS_TRANSACTION = /\.transaction\s*\(/g;

  const classFiles = () =>
    roots.flatMap((dir) => sourceFiles(dir)).filter((file) => !SETUP.has(file) && /\bclass\s+\w+/.test(stripComments(readFileSync(file, 'utf8'))));

  it('no class under libs/*/src or apps/*/src takes an EntityManager (or a DataSource) as a parameter', () => {
    const violations = classFiles().flatMap((file) =>
      [...stripComments(readFileSync(file, 'utf8')).matchAll(MANAGER_PARAMETER)].map((m) => `${file}: ${m[0]}`),
    );
    expect(violations).toEqual([]);
  });

  it('no class injects a repository (bound to the DataSource, it would never join a transaction): txHost.tx.getRepository(X)', () => {
    const violations = classFiles().filter((file) => /@InjectRepository\(/.test(stripComments(readFileSync(file, 'utf8'))));
    expect(violations).toEqual([]);
  });

  it('nothing under libs/*/src or apps/*/src opens a transaction by hand (txHost.withTransaction does)', () => {
    const files = roots.flatMap((dir) => sourceFiles(dir)).filter((file) => !SETUP.has(file));
    const violations = files.flatMap((file) => [...stripComments(readFileSync(file, 'utf8')).matchAll(OPENS_TRANSACTION)].map(() => file));
    expect(violations).toEqual([]);
  });

  it('the check sees a manager parameter, an optional one, a callback taking one and a hand-opened transaction', () => {
    const samples = [
      'async record(manager: EntityManager, entry: AuditRecord) {}',
      'find(id: string, manager?: EntityManager) {}',
      'runOnce(name: string, effect: (manager: EntityManager) => Promise<void>) {}',
      'constructor(private readonly dataSource: DataSource) {}',
      'constructor(@InjectDataSource() readonly db: DataSource, private readonly audit: AuditService) {}',
      'notify(request: Request, manager: EntityManager = this.dataSource.manager) {}',
    ];
    expect(samples.map((s) => [...s.matchAll(MANAGER_PARAMETER)].length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(
      ['this.txHost.tx.find(Job)', 'withTransaction(async () => {})', 'const m = options.manager'].map((s) => [...s.matchAll(MANAGER_PARAMETER)].length),
    ).toEqual([0, 0, 0]);
    expect([...'await this.dataSource.transaction(async (manager) => {})'.matchAll(OPENS_TRANSACTION)]).toHaveLength(1);
    expect([...'await this.txHost.withTransaction(async () => {})'.matchAll(OPENS_TRANSACTION)]).toHaveLength(0);
  });
});

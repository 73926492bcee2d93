import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Modules depend downward only. A library may import the libraries listed before it, never one
 * listed after it; apps may import any library; no library imports an app.
 */
const LAYERS = ['config', 'db', 'platform', 'identity', 'templates', 'jobs', 'pipelines', 'postings', 'interviews', 'scorecards', 'offers'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('module dependencies', () => {
  const libs = readdirSync('libs').filter((name) => statSync(join('libs', name)).isDirectory());

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

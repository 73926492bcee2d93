import { findBuiltInTemplate, lintTemplate, renderTemplate } from '../libs/templates/src/index.js';
import { BenchEnvironment, registerBenchOrganization, timeIt } from './harness.js';

/** The longest markdown `POST /v1/templates/lint` accepts. */
const SIZE = 50_000;
const RUNS = Number(process.env.BENCH_LINT_RUNS ?? 30);

/** Pads `head` with `filler` up to SIZE characters, then adds `tail`. */
const padded = (head: string, filler: string, tail: string): string => {
  const room = SIZE - head.length - tail.length;
  return head + filler.repeat(Math.ceil(room / filler.length)).slice(0, room) + tail;
};

/**
 * Inputs that made a backtracking pattern of the linter read the input over and over (each 50,000
 * characters). The first is the one from the issue; the others are the attack strings the recheck
 * checker found for the patterns that were replaced.
 */
const PATHOLOGICAL: Array<[string, string]> = [
  ['"# a" + spaces + "x" (heading)', padded('# a', ' ', 'x')],
  ['"## a" + tabs + "#x" (heading closing run)', padded('## a', '\t', '#x')],
  ['list item + spaces + U+2028 (bullet)', padded('## Requirements\n\n- a', ' ', '\u2028')],
  ['"0–0" + tabs (experience range)', padded('## Requirements\n\n- 0–0', '\t', 'N')],
  ['"min 0" + tabs (experience minimum)', padded('## Requirements\n\n- MIN\t0', '\t', 'T')],
  ['one 50,000-character word', padded('## About the role\n\n', 'a', '')],
];

/** A realistic description: a built-in template rendered, repeated up to the same size. */
function benign(): string {
  const template = findBuiltInTemplate('backend-developer.go.senior.data_intensive.hybrid');
  if (!template) throw new Error('The built-in template of the benign input is gone; pick another key.');
  const values = { companyName: 'Bench Co', teamName: 'Payments', location: 'Berlin', salaryMin: 120000, salaryMax: 160000, currency: 'EUR' };
  const { markdown } = renderTemplate({ title: template.title, sections: template.sections, variables: template.variables, values });
  const [title, ...rest] = markdown.split('\n');
  const body = rest.join('\n');
  let text = title;
  while (text.length + body.length + 1 <= SIZE) text += `\n${body}`;
  return padded(text, ' ', '');
}

/**
 * Lint time on pathological 50,000-character markdown beside a benign description of the same size:
 * in-process (`lintTemplate`) and over HTTP (`POST /v1/templates/lint`). A linear linter keeps the
 * ratio near 1; a backtracking pattern makes it hundreds.
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const baseline = benign();
  for (let i = 0; i < 5; i++) lintTemplate({ markdown: baseline }, {});

  const inProcess = async (markdown: string) => timeIt(RUNS, () => Promise.resolve(lintTemplate({ markdown }, {})));
  const base = await inProcess(baseline);
  console.log(`\n## Lint, in-process, ${SIZE.toLocaleString('en')} characters (median of ${RUNS})`);
  console.log('| input | median ms | p95 ms | ratio to benign |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| benign description | ${base.medianMs.toFixed(2)} | ${base.p95Ms.toFixed(2)} | 1.00 |`);
  for (const [label, markdown] of PATHOLOGICAL) {
    const r = await inProcess(markdown);
    console.log(`| ${label} | ${r.medianMs.toFixed(2)} | ${r.p95Ms.toFixed(2)} | ${(r.medianMs / base.medianMs).toFixed(2)} |`);
  }

  const slug = `bench-lint-${Date.now()}`;
  const { accessToken } = await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Bench Lint');
  const overHttp = async (markdown: string) => {
    const body = JSON.stringify({ markdown });
    return timeIt(RUNS, async () => {
      const res = await fetch(`${env.apiUrl}/v1/templates/lint`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) throw new Error(`lint answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    });
  };
  await overHttp(baseline);
  const httpBase = await overHttp(baseline);
  console.log(`\n## POST /v1/templates/lint, ${SIZE.toLocaleString('en')} characters (median of ${RUNS}, one request at a time)`);
  console.log('| input | median ms | p95 ms | ratio to benign |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| benign description | ${httpBase.medianMs.toFixed(2)} | ${httpBase.p95Ms.toFixed(2)} | 1.00 |`);
  for (const [label, markdown] of PATHOLOGICAL) {
    const r = await overHttp(markdown);
    console.log(`| ${label} | ${r.medianMs.toFixed(2)} | ${r.p95Ms.toFixed(2)} | ${(r.medianMs / httpBase.medianMs).toFixed(2)} |`);
  }
}

/** The table of `npm run bench:http`, printed and written into BENCHMARKS.md between markers. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fmt } from './bench-support';
import { Endpoint } from './http-endpoints';
import { Round } from './http-load';
import { RegistrationResult } from './http-registrations';

export const START = '<!-- bench:http start -->';
export const END = '<!-- bench:http end -->';
const HEADING = '## HTTP request path (npm run bench:http)';

export interface Measured {
  endpoint: Endpoint;
  charter: Round;
  bare: Round;
}

export interface Ceilings {
  nest: { minimal: Round; bare: Round };
  apollo: { minimal: Round; bare: Round };
  /** Bare node:http sending Charter's response headers too: what the headers alone cost. */
  headers: { minimal: Round; bare: Round };
}

export const REGISTRATION_TARGET = 500;

const ms = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const share = (a: Round, b: Round) => a.rps / b.rps;

export function tableRows(measured: Measured[], ceilings: Ceilings, reg: RegistrationResult, clients: number): string[][] {
  const ceilingOf = (e: Endpoint) =>
    e.ceiling === 'nest'
      ? `Nest+Fastify ${share(ceilings.nest.minimal, ceilings.nest.bare).toFixed(2)}`
      : `Nest+Apollo ${share(ceilings.apollo.minimal, ceilings.apollo.bare).toFixed(2)}`;
  const rows = [
    ['endpoint', 'requests/s', 'p50 ms', 'p99 ms', 'bare requests/s', 'ratio to bare', 'target', 'met', 'framework ceiling (ratio)'],
  ];
  for (const m of measured) {
    const r = share(m.charter, m.bare);
    rows.push([
      `Charter ${m.endpoint.label}`,
      fmt(m.charter.rps),
      ms(m.charter.p50),
      ms(m.charter.p99),
      fmt(m.bare.rps),
      r.toFixed(3),
      `≥ ${m.endpoint.target}`,
      r >= m.endpoint.target ? 'yes' : 'no',
      ceilingOf(m.endpoint),
    ]);
  }
  rows.push([
    `Charter registrations, ${clients} clients (own subject each)`,
    `${fmt(reg.perSecond)} /s`,
    ms(reg.p50),
    ms(reg.p99),
    '',
    '',
    `≥ ${REGISTRATION_TARGET}/s`,
    reg.perSecond >= REGISTRATION_TARGET ? 'yes' : 'no',
    '',
  ]);
  const ceilingRow = (label: string, c: { minimal: Round; bare: Round }) => [
    label,
    fmt(c.minimal.rps),
    ms(c.minimal.p50),
    ms(c.minimal.p99),
    fmt(c.bare.rps),
    share(c.minimal, c.bare).toFixed(3),
    '',
    '',
    '(ceiling)',
  ];
  rows.push(ceilingRow('minimal Nest 11 on Fastify, GET /health/live', ceilings.nest));
  rows.push(ceilingRow('minimal Nest 11 + Apollo 5 on Fastify, { me { username } }', ceilings.apollo));
  rows.push(ceilingRow("bare node:http with Charter's response headers, GET /health/live", ceilings.headers));
  return rows;
}

export function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** Replaces the previous run's block between the markers; adds the section at the end if it has none. */
export function writeBenchmarks(file: string, block: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const generated = `${START}\n${block.trim()}\n${END}`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + generated + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n${HEADING}\n\n${generated}\n`;
  writeFileSync(file, next);
}

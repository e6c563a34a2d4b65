import { createColors } from 'picocolors';
import { CheckReport, FileReport, passed, summarize } from '../check/check-report';
import { problemLine, statusText } from './problem-text';

export interface HumanOptions {
  /** Colour only on a terminal: CI logs and files get plain text. */
  color: boolean;
}

function verdict(file: FileReport): string {
  const base = statusText(file.status);
  const details = [
    file.againstVersion !== undefined ? `against version ${file.againstVersion}` : '',
    file.level ? `under ${file.level}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const blocked = file.status !== 'INCOMPATIBLE' && file.status !== 'INVALID' && !passed(file) ? ', blocked by the payload contract' : '';
  return `${base}${details ? ` ${details}` : ''}${blocked}`;
}

/** The default output: one line per file, then one indented line per problem, then a summary. */
export function renderHuman(report: CheckReport, options: HumanOptions): string {
  const c = createColors(options.color);
  const lines: string[] = [];
  for (const file of report.files) {
    const ok = passed(file);
    const mark = ok ? c.green('✔') : c.red('✖');
    lines.push(`${mark} ${c.bold(file.file)} → ${file.subject}: ${ok ? c.green(verdict(file)) : c.red(verdict(file))}`);
    for (const p of file.problems) {
      const tag = p.severity === 'BLOCK' ? c.red(p.source === 'contract' ? 'BLOCK' : 'ERROR') : c.yellow('WARN');
      lines.push(`    ${tag} ${problemLine(p)}`);
    }
  }
  for (const skipped of report.skipped) lines.push(c.dim(`- ${skipped}: skipped (no manifest entry, name is not <topic>-key|value.<ext>)`));
  const s = summarize(report);
  const against = report.mode === 'online' ? `against ${report.against}` : `offline against git ${report.against}`;
  const tally = `${s.files} file${s.files === 1 ? '' : 's'} checked ${against}: ${s.passed} passed, ${s.failed} failed${s.warnings ? `, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}` : ''}.`;
  lines.push(s.failed > 0 ? c.red(tally) : c.green(tally));
  return `${lines.join('\n')}\n`;
}

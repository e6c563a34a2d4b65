import { CheckReport, FileReport, passed, summarize } from '../check/check-report';
import { problemLine, statusText } from './problem-text';

// Workflow commands: data escapes %, CR and LF; property values also escape : and ,.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotations(file: FileReport): string[] {
  const failed = !passed(file);
  const lines = file.problems.map((p) => {
    const level = p.severity === 'BLOCK' ? 'error' : 'warning';
    const props = [
      `file=${escapeProperty(file.file)}`,
      ...(p.line ? [`line=${p.line}`] : []),
      `title=${escapeProperty(`${file.subject}: ${p.rule}`)}`,
    ];
    return `::${level} ${props.join(',')}::${escapeData(problemLine(p))}`;
  });
  if (failed && file.problems.every((p) => p.severity !== 'BLOCK')) {
    lines.push(`::error file=${escapeProperty(file.file)},title=${escapeProperty(file.subject)}::${escapeData(statusText(file.status))}`);
  }
  return lines;
}

/** GitHub Actions annotations on the file (and line, where found) of each problem, then a summary line. */
export function renderGithub(report: CheckReport): string {
  const s = summarize(report);
  const lines = report.files.flatMap(annotations);
  for (const f of report.files) lines.push(`${passed(f) ? 'ok  ' : 'FAIL'} ${f.file} → ${f.subject}: ${statusText(f.status)}`);
  lines.push(`${s.files} files checked: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings.`);
  return `${lines.join('\n')}\n`;
}

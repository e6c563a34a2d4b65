import { CheckReport, passed, summarize } from '../check/check-report';

/** A stable machine-readable document: `summary`, then one entry per file with its problems. */
export function renderJson(report: CheckReport): string {
  const document = {
    mode: report.mode,
    against: report.against,
    passed: report.files.every(passed),
    summary: summarize(report),
    files: report.files.map((f) => ({ ...f, passed: passed(f) })),
    skipped: report.skipped,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

import { CheckReport, FileReport, passed, summarize } from '../check/check-report';
import { problemLine, statusText } from './problem-text';

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function xmlEscape(value: string): string {
  return value
    .replace(INVALID_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(file: FileReport): string {
  const open = `    <testcase name="${xmlEscape(file.file)}" classname="${xmlEscape(file.subject)}" time="0">`;
  const blocking = file.problems.filter((p) => p.severity === 'BLOCK');
  const warnings = file.problems.filter((p) => p.severity === 'WARN');
  const parts: string[] = [];
  if (!passed(file)) {
    // An unreadable schema is an error of the input; an incompatible one is a failed check.
    const element = file.status === 'INVALID' ? 'error' : 'failure';
    const first = blocking[0];
    const message = first
      ? `${file.subject}: ${statusText(file.status)}: ${problemLine(first)}`
      : `${file.subject}: ${statusText(file.status)}`;
    const body = blocking.map((p) => problemLine(p)).join('\n');
    parts.push(
      `      <${element} type="${xmlEscape(first?.rule ?? file.status)}" message="${xmlEscape(message)}">${xmlEscape(body)}</${element}>`,
    );
  }
  if (warnings.length > 0)
    parts.push(`      <system-out>${xmlEscape(warnings.map((p) => `WARN ${problemLine(p)}`).join('\n'))}</system-out>`);
  return parts.length === 0 ? `${open}</testcase>` : [open, ...parts, '    </testcase>'].join('\n');
}

/** One `testsuite` per run and one `testcase` per schema file (name = file, classname = subject). */
export function renderJunit(report: CheckReport, timeSeconds = 0): string {
  const s = summarize(report);
  const errors = report.files.filter((f) => f.status === 'INVALID').length;
  const failures = s.failed - errors;
  const time = timeSeconds.toFixed(3);
  const name = xmlEscape(`charter check (${report.mode} against ${report.against})`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${s.files}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="${name}" tests="${s.files}" failures="${failures}" errors="${errors}" skipped="0" time="${time}">`,
    ...report.files.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

import { renderGithub } from './github-format';
import { renderHuman } from './human-format';
import { renderJson } from './json-format';
import { renderJunit, xmlEscape } from './junit-format';
import { CheckReport, exitCodeOf, summarize } from '../check/check-report';

/** One passing, one incompatible, one invalid and one contract-blocked file, for the format specs. */
function sampleReport(): CheckReport {
  return {
    mode: 'online',
    against: 'http://charter.test',
    skipped: ['schemas/package.json'],
    files: [
      { file: 'schemas/users-value.avsc', subject: 'users-value', schemaType: 'AVRO', status: 'COMPATIBLE', problems: [] },
      {
        file: 'schemas/orders-value.avsc',
        subject: 'orders-value',
        schemaType: 'AVRO',
        status: 'INCOMPATIBLE',
        againstVersion: 2,
        level: 'BACKWARD',
        problems: [
          {
            source: 'compatibility',
            severity: 'BLOCK',
            rule: 'TYPE_MISMATCH',
            path: '/fields/1/type',
            message: "Field 'amount' is string in the reader but int in the writer, which cannot be converted.",
            line: 7,
          },
        ],
      },
      {
        file: 'schemas/bad-value.json',
        subject: 'bad-value',
        schemaType: 'JSON',
        status: 'INVALID',
        problems: [
          {
            source: 'schema',
            severity: 'BLOCK',
            rule: 'INVALID_SCHEMA',
            path: 'line 2, column 3',
            message: 'The schema is not valid JSON <&>',
            line: 2,
          },
        ],
      },
      {
        file: 'schemas/payments-value.proto',
        subject: 'payments-value',
        schemaType: 'PROTOBUF',
        status: 'COMPATIBLE',
        problems: [
          {
            source: 'contract',
            severity: 'BLOCK',
            rule: 'FIELD_BUDGET',
            path: '#/Payment',
            message: 'Payment has 41 fields; the budget is 40.',
            hint: 'Send an id, not the record.',
          },
          { source: 'contract', severity: 'WARN', rule: 'PII_TAG', path: '#/Payment/7', message: "Field 'email' is tagged PII.", line: 12 },
        ],
      },
    ],
  };
}

describe('check report formats', () => {
  const report = sampleReport();

  it('counts a contract BLOCK as a failure and a WARN as a pass with a warning', () => {
    expect(summarize(report)).toEqual({ files: 4, passed: 1, failed: 3, warnings: 1 });
    expect(exitCodeOf(report)).toBe(1);
    expect(exitCodeOf({ ...report, files: [report.files[0]] })).toBe(0);
    const warnedOnly = { ...report.files[3], problems: [report.files[3].problems[1]] };
    expect(exitCodeOf({ ...report, files: [warnedOnly] })).toBe(0);
  });

  it('human: one line per file, each problem with rule, path, line and reason, then a tally', () => {
    const text = renderHuman(report, { color: false });
    expect(text).toContain('✔ schemas/users-value.avsc → users-value: compatible');
    expect(text).toContain('✖ schemas/orders-value.avsc → orders-value: incompatible against version 2 under BACKWARD');
    expect(text).toContain("ERROR TYPE_MISMATCH at /fields/1/type (line 7): Field 'amount' is string");
    expect(text).toContain('payments-value: compatible, blocked by the payload contract');
    expect(text).toContain('BLOCK FIELD_BUDGET at #/Payment: Payment has 41 fields; the budget is 40. Hint: Send an id, not the record.');
    expect(text).toContain("WARN PII_TAG at #/Payment/7 (line 12): Field 'email' is tagged PII.");
    expect(text).toContain('schemas/package.json: skipped');
    expect(text).toMatch(/4 files checked against http:\/\/charter.test: 1 passed, 3 failed, 1 warning\.\n$/);
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('human: colour only when asked (a terminal)', () => {
    expect(renderHuman(report, { color: true })).toMatch(/\u001b\[31m/);
  });

  it('json: the whole report with a per-file verdict, parseable', () => {
    const doc = JSON.parse(renderJson(report));
    expect(doc.passed).toBe(false);
    expect(doc.summary.failed).toBe(3);
    expect(doc.files[1]).toMatchObject({ subject: 'orders-value', status: 'INCOMPATIBLE', passed: false });
    expect(doc.files[1].problems[0]).toEqual(expect.objectContaining({ rule: 'TYPE_MISMATCH', path: '/fields/1/type', line: 7 }));
    expect(doc.files[3].problems[0].hint).toBe('Send an id, not the record.');
  });

  it('junit: failures for incompatible and blocked files, errors for invalid ones, warnings in system-out', () => {
    const xml = renderJunit(report, 1.5);
    expect(xml).toContain(
      '<testsuites name="charter check (online against http://charter.test)" tests="4" failures="2" errors="1" time="1.500">',
    );
    expect(xml).toContain('<testcase name="schemas/users-value.avsc" classname="users-value" time="0"></testcase>');
    expect(xml).toContain('<failure type="TYPE_MISMATCH" message="orders-value: incompatible: TYPE_MISMATCH at /fields/1/type (line 7)');
    expect(xml).toContain('<error type="INVALID_SCHEMA"');
    expect(xml).toContain('The schema is not valid JSON &lt;&amp;&gt;');
    expect(xml).toContain('<failure type="FIELD_BUDGET"');
    expect(xml).toContain('<system-out>WARN PII_TAG at #/Payment/7 (line 12): Field &apos;email&apos; is tagged PII.</system-out>');
  });

  it('junit: escapes markup and drops characters XML cannot carry', () => {
    expect(xmlEscape('a<b>&"\'\u0001')).toBe('a&lt;b&gt;&amp;&quot;&apos;\ufffd');
  });

  it('github: an annotation per problem on the file and line, warnings as warnings, properties escaped', () => {
    const lines = renderGithub(report).split('\n');
    expect(lines).toContain(
      "::error file=schemas/orders-value.avsc,line=7,title=orders-value%3A TYPE_MISMATCH::TYPE_MISMATCH at /fields/1/type (line 7): Field 'amount' is string in the reader but int in the writer, which cannot be converted.",
    );
    expect(lines).toContain(
      "::warning file=schemas/payments-value.proto,line=12,title=payments-value%3A PII_TAG::PII_TAG at #/Payment/7 (line 12): Field 'email' is tagged PII.",
    );
    // No line when the field could not be found by name.
    expect(lines.find((l) => l.includes('FIELD_BUDGET'))).toMatch(/^::error file=schemas\/payments-value.proto,title=/);
    expect(lines).toContain('FAIL schemas/orders-value.avsc → orders-value: incompatible');
  });

  it('github: newlines and percent signs in messages are escaped', () => {
    const one = sampleReport();
    one.files = [{ ...one.files[1], problems: [{ ...one.files[1].problems[0], message: '100% broken\nsecond line' }] }];
    expect(renderGithub(one)).toContain('100%25 broken%0Asecond line');
  });
});

import { readCompatibilityAnswer, readFindings } from './server-answer';

describe('readCompatibilityAnswer', () => {
  it('compatible without findings passes clean', () => {
    expect(readCompatibilityAnswer({ is_compatible: true, messages: [] })).toEqual({ status: 'COMPATIBLE', problems: [] });
  });

  it("reads Charter's rendering: kind, path and reason, the failed version and the level", () => {
    const answer = readCompatibilityAnswer({
      is_compatible: false,
      messages: [
        "{errorType:'TYPE_MISMATCH', description:'The schema at '/fields/1/type': Field \"amount\" is string in the reader but int in the writer.'}",
        '{oldSchemaVersion: 3}',
        '{oldSchema: \'{"type":"record"}\'}',
        "{validateFields: 'false', compatibility: 'FULL_TRANSITIVE'}",
      ],
    });
    expect(answer).toEqual({
      status: 'INCOMPATIBLE',
      againstVersion: 3,
      level: 'FULL_TRANSITIVE',
      problems: [
        {
          source: 'compatibility',
          severity: 'BLOCK',
          rule: 'TYPE_MISMATCH',
          path: '/fields/1/type',
          message: 'Field "amount" is string in the reader but int in the writer.',
        },
      ],
    });
  });

  it("reads Confluent's own rendering, path taken from the description", () => {
    const answer = readCompatibilityAnswer({
      is_compatible: false,
      messages: [
        "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f2' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'f2'}",
        "{validateFields: 'false', compatibility: 'BACKWARD'}",
      ],
    });
    expect(answer.problems[0]).toMatchObject({ rule: 'READER_FIELD_MISSING_DEFAULT_VALUE', path: '/fields/1' });
  });

  it('an invalid candidate (verbose answers it as incompatible with only the parse error) is INVALID', () => {
    const answer = readCompatibilityAnswer({ is_compatible: false, messages: ['Invalid schema: Field "a" has no type.'] });
    expect(answer.status).toBe('INVALID');
    expect(answer.problems[0]).toMatchObject({ rule: 'INVALID_SCHEMA', message: 'Invalid schema: Field "a" has no type.' });
  });

  it('incompatible without readable messages still fails with a reason', () => {
    const answer = readCompatibilityAnswer({ is_compatible: false, messages: ["{validateFields: 'false', compatibility: 'BACKWARD'}"] });
    expect(answer.status).toBe('INCOMPATIBLE');
    expect(answer.problems).toHaveLength(1);
  });

  it('adds payload-contract findings to a compatible answer', () => {
    const answer = readCompatibilityAnswer({
      is_compatible: true,
      findings: [{ rule: 'FIELD_BUDGET', severity: 'BLOCK', path: '/fields', message: 'Too many fields.', hint: 'Send an id.' }],
    });
    expect(answer.status).toBe('COMPATIBLE');
    expect(answer.problems).toEqual([
      { source: 'contract', severity: 'BLOCK', rule: 'FIELD_BUDGET', path: '/fields', message: 'Too many fields.', hint: 'Send an id.' },
    ]);
  });
});

describe('readFindings', () => {
  it('WARN stays a warning; anything else blocks, so an unknown finding never lets a change through', () => {
    const problems = readFindings([
      { rule: 'PII', severity: 'WARN', path: '#/email', message: 'PII field.' },
      { rule: 'NEW_RULE', severity: 'SEVERE', message: 'Something new.' },
      'garbage',
    ]);
    expect(problems.map((p) => p.severity)).toEqual(['WARN', 'BLOCK', 'BLOCK']);
    expect(problems[1].path).toBe('');
    expect(problems[2]).toMatchObject({ rule: 'CONTRACT', message: '"garbage"' });
  });

  it('ignores a missing or malformed findings field', () => {
    expect(readFindings(undefined)).toEqual([]);
    expect(readFindings({})).toEqual([]);
  });
});

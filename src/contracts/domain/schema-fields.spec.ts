import { formatOf } from '@charter/engine';
import { diffFields, fieldsOf, MAX_SCHEMA_FIELDS } from './schema-fields';

const avro = (schema: unknown) => fieldsOf(formatOf('AVRO').parse(JSON.stringify(schema), []));
const record = (fields: unknown[], name = 'E') => ({ type: 'record', name, fields });

describe('diffFields', () => {
  it('reports added, removed and changed fields by path', () => {
    const before = avro(
      record([
        { name: 'id', type: 'string' },
        { name: 'email', type: 'string' },
        { name: 'status', type: 'string' },
        { name: 'note', type: 'string' },
      ]),
    );
    const after = avro(
      record([
        { name: 'id', type: 'string' },
        { name: 'email', type: 'string', tags: ['PII'] },
        { name: 'status', type: ['null', 'string'], default: null },
        { name: 'address', type: record([{ name: 'line1', type: 'string' }], 'Address') },
      ]),
    );
    const diff = diffFields(before, after);
    expect(diff.added.map((f) => f.path)).toEqual(['address', 'address.line1']);
    expect(diff.removed.map((f) => f.path)).toEqual(['note']);
    expect(diff.changed.map((c) => [c.path, c.before.type, c.after.type])).toEqual([
      ['email', 'string', 'string'],
      ['status', 'string', 'union<null,string>'],
    ]);
    expect(diff.changed[0].after.tags).toEqual(['PII']);
  });

  it('is empty between equal lists and ignores tag case and order', () => {
    const a = avro(record([{ name: 'x', type: 'string', tags: ['pii', 'FINANCIAL'] }]));
    const b = avro(record([{ name: 'x', type: 'string', tags: ['financial', 'PII'] }]));
    expect(diffFields(a, b)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('fieldsOf limits', () => {
  it('stops at MAX_SCHEMA_FIELDS when shared types would expand exponentially', () => {
    // Ten levels of a record whose ten fields all use the level below: 10^10 paths if expanded naively.
    let type: unknown = 'string';
    for (let level = 0; level < 10; level++) {
      const below = type;
      const name = typeof below === 'string' ? below : (below as { name: string }).name;
      type = record(
        Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, type: i === 0 ? below : name })),
        `L${level}`,
      );
    }
    const started = Date.now();
    const fields = avro(type);
    expect(fields).toHaveLength(MAX_SCHEMA_FIELDS);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

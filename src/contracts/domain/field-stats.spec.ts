import { formatOf } from '@charter/engine';
import { effectiveTags, fieldFigures, taggedShare } from './field-stats';
import { fieldsOf } from './schema-fields';

const fields = fieldsOf(
  formatOf('AVRO').parse(
    JSON.stringify({
      type: 'record',
      name: 'E',
      fields: [
        { name: 'id', type: 'string' },
        {
          name: 'person',
          'confluent:tags': ['pii'],
          type: {
            type: 'record',
            name: 'P',
            fields: [
              { name: 'email', type: 'string' },
              { name: 'card', type: 'string', tags: ['FINANCIAL'] },
            ],
          },
        },
        { name: 'total', type: 'double', tags: ['FINANCIAL'] },
        { name: 'items', type: { type: 'array', items: { type: 'record', name: 'I', fields: [{ name: 'sku', type: 'string' }] } } },
      ],
    }),
    [],
  ),
);

describe('field figures', () => {
  it('inherits tags from enclosing fields, normalized to upper case', () => {
    const tags = effectiveTags(fields);
    expect(tags.get('person.email')).toEqual(['PII']);
    expect(tags.get('person.card')).toEqual(['PII', 'FINANCIAL']);
    expect(tags.get('items[].sku')).toEqual([]);
  });

  it('counts leaves, tagged leaves and depth', () => {
    expect(fieldFigures(fields)).toEqual({ leafFields: 5, taggedLeafFields: 3, maxDepth: 2 });
    expect(taggedShare(fields)).toBeCloseTo(0.6);
    expect(taggedShare([])).toBe(0);
  });
});

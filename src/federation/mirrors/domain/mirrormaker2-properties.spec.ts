import { literalTopicRegex, renderMirrorMaker2 } from './mirrormaker2-properties';

const source = { name: 'eu-main', region: 'eu-west-1', jurisdiction: 'EU', bootstrapServers: 'k1.eu:9092,k2.eu:9092' };
const target = { name: 'us-main', region: 'us-east-1', jurisdiction: 'US', bootstrapServers: 'k1.us:9092' };

/** java.util.Properties' reading of one `key = value` line, enough to check the escaping. */
const loadValue = (line: string) =>
  line
    .slice(line.indexOf('=') + 1)
    .trimStart()
    .replace(/\\(.)/g, '$1');

describe('MirrorMaker 2 properties', () => {
  it('escapes topic names into literal regexes', () => {
    expect(literalTopicRegex('orders.placed-v1_x')).toBe('orders\\.placed-v1_x');
    expect(new RegExp(`^${literalTopicRegex('a.b')}$`).test('aXb')).toBe(false);
  });

  it('lists exactly the given topics, sorted and de-duplicated, as regexes a properties reader keeps', () => {
    const text = renderMirrorMaker2({ source, target, topics: ['b.two', 'a.one', 'b.two'], generator: 'charter test' });
    const topics = text.split('\n').find((l) => l.startsWith('eu-main->us-main.topics'))!;
    expect(loadValue(topics)).toBe('a\\.one,b\\.two');
    expect(text).toContain('eu-main->us-main.enabled = true\n');
    expect(text).toContain('us-main->eu-main.enabled = false\n');
    expect(text).not.toMatch(/\.\*/);
  });

  it('disables the flow when nothing is approved', () => {
    const text = renderMirrorMaker2({ source, target, topics: [], generator: 'charter test' });
    expect(text).toContain('eu-main->us-main.enabled = false\n');
    expect(text).toContain('eu-main->us-main.topics = \n');
  });
});

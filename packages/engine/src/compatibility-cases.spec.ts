import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, HistoricVersion } from './check';
import { CompatibilityLevel } from './compatibility-level';
import { formatOf } from './formats';
import { ResolvedReference } from './schema-reference';
import { SchemaType } from './schema-type';

/**
 * One runner for every case file in ./cases: each entry is a history, a candidate, a level and the
 * expected verdict with the incompatibility kinds. A fixed bug adds an entry, not a test.
 */
interface CompatibilityCase {
  name: string;
  schemaType: SchemaType;
  level: CompatibilityLevel;
  history: string[];
  candidate: string;
  compatible: boolean;
  /** Kinds that must all appear (order-insensitive); omitted = not checked beyond the verdict. */
  kinds?: string[];
  references?: ResolvedReference[];
}

const dir = join(__dirname, 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.cases.json'));

for (const file of files) {
  const cases: CompatibilityCase[] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  describe(file, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const format = formatOf(c.schemaType);
      const refs = c.references ?? [];
      const history: HistoricVersion[] = c.history.map((text, i) => ({
        version: i + 1,
        schema: format.parse(text, refs, { validate: false }),
      }));
      const candidate = format.parse(c.candidate, refs, { validate: true });
      const result = check(c.level, history, candidate, formatOf);
      const kinds = result.incompatibilities.map((i) => i.kind);
      expect({ compatible: result.compatible, kinds }).toEqual({
        compatible: c.compatible,
        kinds: c.kinds ? expect.arrayContaining(c.kinds) : expect.anything(),
      });
      for (const issue of result.incompatibilities) {
        expect(issue.message.length).toBeGreaterThan(10);
      }
    });
  });
}

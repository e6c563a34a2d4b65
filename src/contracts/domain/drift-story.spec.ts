import { fieldsOf } from './schema-fields';
import { DEFAULT_UNENCRYPTED_POLICY } from './payload-contract';
import { checkShape, summary } from '../../../test/support/contract-fixtures/contract-check';
import { CUSTOMER, DRIFT_FINDINGS, DRIFT_STORY } from '../../../test/support/contract-fixtures/drift-story';
import { FORMATS, parseShape } from '../../../test/support/contract-fixtures/schema-shapes';

/**
 * The replica guard's reason to exist, as a story: each version is checked against every version
 * registered before it (blocked ones were let through with a waiver, so the drift goes on).
 */
describe.each(FORMATS)('drift story: a customer notification becomes a Customer copy (%s)', (format) => {
  const results = DRIFT_STORY.map((step, i) =>
    summary(
      checkShape(format, step.shape, {
        classification: step.classification,
        history: DRIFT_STORY.slice(0, i).map((s) => s.shape),
        entities: [CUSTOMER],
        // As enforced: the steward's default for personal-data-unencrypted (WARN on CONFIDENTIAL topics).
        contract: { unencryptedPersonalData: { ...DEFAULT_UNENCRYPTED_POLICY } },
      }),
    ),
  );

  it.each(DRIFT_STORY.map((step, i) => [i + 1, step.note, i] as const))('version %i (%s)', (_version, _note, i) => {
    expect(results[i]).toEqual(DRIFT_FINDINGS[i]);
  });

  it('fires each rule first at a known version', () => {
    const first: Record<string, number> = {};
    results.forEach((findings, i) => findings.forEach((f) => (first[f.split('@')[0]] ??= i + 1)));
    expect(first).toEqual({
      'required-field-missing': 1,
      'untagged-personal-field': 3,
      'tag-not-allowed': 4,
      'entity-replica': 6,
      'growth-total': 7,
      'growth-per-version': 8,
      'credential-field': 9,
      'max-depth': 10,
      'field-budget': 11,
      'personal-data-unencrypted': 5,
    });
  });

  it('grows from 3 to 27 leaf fields', () => {
    const leaves = DRIFT_STORY.map((s) => fieldsOf(parseShape(format, s.shape)).filter((f) => f.leaf).length);
    expect(leaves).toEqual([3, 5, 8, 9, 12, 14, 16, 20, 21, 23, 26, 27]);
  });
});

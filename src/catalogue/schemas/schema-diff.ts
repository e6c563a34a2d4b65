import { check, formatOf, ParsedSchema } from '@charter/engine';
import { diffFields, FieldDiff } from '../../contracts/domain/schema-fields';
import { fieldsOf } from '../../contracts/domain/schema-fields';

export const DIFF_LEVELS = ['BACKWARD', 'FORWARD', 'FULL'] as const;

export interface VersionedSchema {
  version: number;
  schema: ParsedSchema;
}

export interface VersionDiff extends FieldDiff {
  compatibility: Array<{ level: string; compatible: boolean; messages: string[] }>;
}

/** Field changes between two versions and whether the newer may follow the older under each level. */
export function diffVersions(older: VersionedSchema, newer: VersionedSchema): VersionDiff {
  return {
    ...diffFields(fieldsOf(older.schema), fieldsOf(newer.schema)),
    compatibility: DIFF_LEVELS.map((level) => {
      if (older.schema.schemaType !== newer.schema.schemaType) {
        return {
          level,
          compatible: false,
          messages: [`The schema type changed from ${older.schema.schemaType} to ${newer.schema.schemaType}.`],
        };
      }
      const result = check(level, [older], newer.schema, formatOf);
      return {
        level,
        compatible: result.compatible,
        messages: result.incompatibilities.map((i) => `${i.kind} at ${i.path || '/'}: ${i.message}`),
      };
    }),
  };
}

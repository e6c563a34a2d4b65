import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { COMPATIBILITY_LEVELS, SCHEMA_TYPES } from '@charter/engine';
import { UsageError } from '../cli-errors';

const VERSION_RULE = 'must be a positive version number or latest';

const reference = z.object({
  name: z.string({ message: 'must be the referenced type name or import path' }).min(1),
  subject: z.string({ message: 'must be the subject of the referenced schema' }).min(1),
  version: z.union([z.number().int(VERSION_RULE).positive(VERSION_RULE), z.literal('latest')], { message: VERSION_RULE }),
});

const level = z.preprocess(
  (v) => (typeof v === 'string' ? v.toUpperCase() : v),
  z.enum(COMPATIBILITY_LEVELS, { message: `must be one of ${COMPATIBILITY_LEVELS.join(', ')}` }),
);

const entry = z
  .object({
    file: z.string().min(1).optional(),
    glob: z.string().min(1).optional(),
    topic: z
      .string({ message: 'is required: the Kafka topic the schema belongs to' })
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name (letters, digits, . _ -)'),
    part: z.enum(['key', 'value'], { message: 'must be key or value' }).default('value'),
    schemaType: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.toUpperCase() : v),
        z.enum(SCHEMA_TYPES, { message: `must be one of ${SCHEMA_TYPES.join(', ')}` }),
      )
      .optional(),
    references: z.array(reference, { message: 'must be a list of {name, subject, version}' }).default([]),
    compatibility: level.optional(),
  })
  .strict()
  .refine((e) => (e.file === undefined) !== (e.glob === undefined), { message: 'needs exactly one of file or glob', path: ['file'] });

const manifestSchema = z
  .object({
    compatibility: level.optional(),
    schemas: z.array(entry, { message: 'must be a list of schema entries' }),
  })
  .strict();

export type ManifestEntry = z.infer<typeof entry>;

export interface Manifest {
  /** Absolute path of the manifest; `file` and `glob` are relative to its folder. */
  path: string;
  root: string;
  compatibility?: z.infer<typeof level>;
  schemas: ManifestEntry[];
}

export const MANIFEST_NAME = 'charter.yaml';

/** `schemas[2].part` style names, as a user would look for them in the YAML. */
function fieldName(path: PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)),
    '',
  );
}

/** Parses and validates manifest text; every problem names its field and rule. */
export function parseManifest(text: string, path: string): Manifest {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new UsageError(`${path}: invalid YAML: ${doc.errors[0].message}`);
  }
  const parsed = manifestSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${fieldName(i.path) || '(top level)'}: ${i.message}`);
    throw new UsageError(`${path}: invalid manifest:\n${problems.join('\n')}`);
  }
  return { path, root: dirname(path), ...parsed.data };
}

/** Reads `--manifest`, or `charter.yaml` in the working folder when it exists. */
export function loadManifest(explicit: string | undefined, cwd: string): Manifest | undefined {
  const path = resolve(cwd, explicit ?? MANIFEST_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read manifest ${path}: ${(err as Error).message}`);
  }
  return parseManifest(text, path);
}

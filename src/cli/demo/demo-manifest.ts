import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { SCHEMA_TYPES, SchemaType } from '@charter/engine';
import { UsageError } from '@charter/cli';

const team = z
  .object({
    slug: z.string({ message: 'is required: the team slug' }).min(1),
    name: z.string({ message: "is required: the team's display name" }).min(1),
  })
  .strict();

const VERSION_RULE = 'must be a positive version number or latest';

// Topics are passed to registerTopic as they are: the server validates every field and names it.
const topic = z
  .object({
    name: z.string({ message: 'is required: the Kafka topic name' }).min(1),
    ownerTeam: z.string({ message: 'is required: the slug of the owning team' }).min(1),
  })
  .passthrough();

const reference = z
  .object({
    name: z.string().min(1),
    subject: z.string().min(1),
    version: z.union([z.number().int(VERSION_RULE).positive(VERSION_RULE), z.literal('latest')], { message: VERSION_RULE }),
  })
  .strict();

const subject = z
  .object({
    subject: z.string({ message: 'is required: the registry subject' }).min(1),
    file: z.string({ message: 'is required: the schema file, relative to the manifest' }).min(1),
    schemaType: z.enum(SCHEMA_TYPES, { message: `must be one of ${SCHEMA_TYPES.join(', ')}` }).optional(),
    references: z.array(reference).default([]),
    // Data-contract rules sent as is (docs/data-contracts.md); the registry checks them.
    ruleSet: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const manifestSchema = z
  .object({ teams: z.array(team).default([]), topics: z.array(topic).default([]), subjects: z.array(subject).default([]) })
  .strict();

export type DemoTopic = z.infer<typeof topic>;

export interface DemoSubject {
  subject: string;
  file: string;
  schemaType: SchemaType;
  schema: string;
  /** `latest` is sent as -1, which the registry resolves to the subject's latest version. */
  references: Array<{ name: string; subject: string; version: number }>;
  ruleSet?: Record<string, unknown>;
}

export interface DemoManifest {
  path: string;
  teams: Array<{ slug: string; name: string }>;
  topics: DemoTopic[];
  subjects: DemoSubject[];
}

const TYPE_BY_EXTENSION: Record<string, SchemaType> = { '.avsc': 'AVRO', '.proto': 'PROTOBUF', '.json': 'JSON' };

const fieldName = (path: PropertyKey[]) =>
  path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');

/** Parses a demo manifest and reads its schema files; every problem names its field or file. */
export function parseDemoManifest(
  text: string,
  path: string,
  readFile: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): DemoManifest {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new UsageError(`${path}: invalid YAML: ${doc.errors[0].message}`);
  const parsed = manifestSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${fieldName(i.path) || '(top level)'}: ${i.message}`);
    throw new UsageError(`${path}: invalid demo manifest:\n${problems.join('\n')}`);
  }
  const root = dirname(path);
  const subjects = parsed.data.subjects.map((s, i): DemoSubject => {
    const schemaType = s.schemaType ?? TYPE_BY_EXTENSION[extname(s.file).toLowerCase()];
    if (!schemaType)
      throw new UsageError(`${path}: subjects[${i}].schemaType: cannot tell the format of '${s.file}'; name it (AVRO, PROTOBUF, JSON)`);
    const file = resolve(root, s.file);
    let schema: string;
    try {
      schema = readFile(file);
    } catch (err) {
      throw new UsageError(`${path}: subjects[${i}].file: cannot read ${file}: ${(err as Error).message}`);
    }
    const references = s.references.map((r) => ({ ...r, version: r.version === 'latest' ? -1 : r.version }));
    return { subject: s.subject, file: s.file, schemaType, schema, references, ...(s.ruleSet ? { ruleSet: s.ruleSet } : {}) };
  });
  return { path, teams: parsed.data.teams, topics: parsed.data.topics, subjects };
}

export function loadDemoManifest(path: string): DemoManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read demo manifest ${path}: ${(err as Error).message}`);
  }
  return parseDemoManifest(text, path);
}

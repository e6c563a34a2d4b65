import Ajv, { ErrorObject, Options } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import AjvDraft04 from 'ajv-draft-04';
import { SchemaParseError } from '../schema-parse-error';
import { Draft, idOf, isObject, SchemaDocument } from './json-schema-documents';
import { stableJson } from './json-schema-model';

/** Unknown keywords (`connect.type`, custom tags) and formats are tolerated, as in Confluent. */
const OPTIONS: Options = { strict: false, logger: false, validateFormats: false, allErrors: false, validateSchema: false };

const META_SCHEMA_IDS: Record<Draft, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema',
  'draft-06': 'http://json-schema.org/draft-06/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

type AnyAjv = Ajv | AjvDraft04;

/** Creating an Ajv instance compiles its meta-schemas, so there is one per draft per process. */
const instances = new Map<Draft, AnyAjv>();

function ajvFor(draft: Draft): AnyAjv {
  let ajv = instances.get(draft);
  if (!ajv) {
    ajv = createAjv(draft);
    instances.set(draft, ajv);
  }
  return ajv;
}

function createAjv(draft: Draft): AnyAjv {
  switch (draft) {
    case 'draft-04':
      return new AjvDraft04(OPTIONS);
    case 'draft-06': {
      const ajv = new Ajv(OPTIONS);
      ajv.addMetaSchema(draft06MetaSchema);
      return ajv;
    }
    case '2019-09':
      return new Ajv2019(OPTIONS);
    case '2020-12':
      return new Ajv2020(OPTIONS);
    default:
      return new Ajv(OPTIONS);
  }
}

/**
 * Checks the schema against its draft's meta-schema, then compiles it with the references
 * registered under their names, so unresolvable `$ref`s and bad patterns are caught. The shared
 * instance is left as found: compiled schemas and references are removed again.
 */
export function validateWithAjv(main: SchemaDocument, references: SchemaDocument[], compile: boolean): void {
  const ajv = ajvFor(main.draft);
  const schema = { ...(main.root as object), $schema: META_SCHEMA_IDS[main.draft] };
  if (!ajv.validateSchema(withSmallEnums(schema, '#') as object)) throw metaSchemaError(main.draft, ajv.errors ?? []);
  if (!compile) return;
  const keys = registerReferences(ajv, references, main.baseUri);
  try {
    ajv.compile(schema);
  } catch (error) {
    // Ajv's code generator recurses per keyword and overflows on very wide schemas (10,000
    // properties); the model builder still resolves every $ref and pattern of such a schema.
    if (error instanceof RangeError) return;
    throw new SchemaParseError(`Schema cannot be compiled: ${(error as Error).message}`);
  } finally {
    ajv.removeSchema(schema);
    for (const key of keys) ajv.removeSchema(key);
  }
}

/** References are registered without their own `$id`/`$schema` so equal ids across versions never clash. */
function registerReferences(ajv: AnyAjv, references: SchemaDocument[], base: string | undefined): string[] {
  const keys: string[] = [];
  for (const ref of references) {
    const aliases = [ref.name, absoluteOrUndefined(ref.name, base), idOf(ref.root, ref.draft)];
    const copy = isObject(ref.root) ? { ...ref.root, $schema: undefined, $id: undefined, id: undefined } : ref.root;
    for (const alias of new Set(aliases)) {
      if (!alias || ajv.getSchema(alias)) continue;
      ajv.addSchema(copy as object, alias, undefined, false);
      keys.push(alias);
    }
  }
  return keys;
}

const LARGE_ENUM = 1_000;

/**
 * The meta-schemas check `enum` uniqueness pairwise, quadratic in its length (a 100,000-value
 * enum takes minutes). Large enums are checked here with a set and shown to Ajv as one value;
 * only the objects on the way to them are copied.
 */
function withSmallEnums(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item, i) => withSmallEnums(item, `${path}/${i}`));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (!isObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(value)) {
    const replaced =
      key === 'enum' && Array.isArray(child) && child.length > LARGE_ENUM
        ? uniqueEnum(child, `${path}/enum`)
        : withSmallEnums(child, `${path}/${key}`);
    if (replaced !== child) (copy ??= { ...value })[key] = replaced;
  }
  return copy ?? value;
}

function uniqueEnum(values: unknown[], path: string): unknown[] {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const key = stableJson(v);
    if (seen.has(key)) throw new SchemaParseError(`Invalid JSON Schema: enum value ${key.slice(0, 40)} is repeated`, `${path}/${i}`);
    seen.add(key);
  });
  return values.slice(0, 1);
}

function absoluteOrUndefined(url: string, base: string | undefined): string | undefined {
  try {
    return base ? new URL(url, base).href : undefined;
  } catch {
    return undefined;
  }
}

/** Reports the deepest failing location with every rule that failed there. */
function metaSchemaError(draft: Draft, errors: ErrorObject[]): SchemaParseError {
  const deepest = errors.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a), errors[0]);
  const at = deepest?.instancePath ?? '';
  const rules = [...new Set(errors.filter((e) => e.instancePath === at).map(describeRule))];
  return new SchemaParseError(`Invalid JSON Schema (${draft}): ${rules.join('; ')}`, `#${at}`);
}

function describeRule(error: ErrorObject): string {
  const keyword = error.instancePath.split('/').pop() || 'schema';
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  const detail = allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : '';
  return `'${keyword}' ${error.message ?? 'is invalid'}${detail}`;
}

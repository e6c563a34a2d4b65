/**
 * The closed set of JSON Schema differences (Confluent's JSON `SchemaDiff` vocabulary, docs/reference/confluent-registry.md, part 5)
 * and, as data, which of them break a reader under each compatibility policy. A difference is always
 * read as "writer schema → reader schema": BACKWARD passes (writer = old, reader = new), FORWARD the
 * reverse. `{name}` is the last path segment, `{from}`/`{to}` the writer's and reader's values.
 */
export type JsonSchemaPolicy = 'STRICT' | 'LENIENT';

interface KindRule {
  breaksStrict: boolean;
  breaksLenient: boolean;
  message: string;
}

const ok = (message: string): KindRule => ({ breaksStrict: false, breaksLenient: false, message });
const breaks = (message: string): KindRule => ({ breaksStrict: true, breaksLenient: true, message });

type BoundKind<K extends string> = `${K}_${'ADDED' | 'REMOVED' | 'INCREASED' | 'DECREASED'}`;

/** Upper bounds may grow and lower bounds may shrink: "the reader accepts more" (docs/reference/confluent-registry.md, part 5). */
function boundKinds<K extends string>(key: K, keyword: string, family: string, upper: boolean): Record<BoundKind<K>, KindRule> {
  const [looser, tighter] = upper ? ['INCREASED', 'DECREASED'] : ['DECREASED', 'INCREASED'];
  return {
    [`${key}_ADDED`]: breaks(`The reader adds ${keyword} = {to} on ${family}; values the writer allowed may fall outside it.`),
    [`${key}_REMOVED`]: ok(`The reader drops the ${keyword} limit ({from}) on ${family}.`),
    [`${key}_${looser}`]: ok(`The reader relaxes ${keyword} from {from} to {to} on ${family}.`),
    [`${key}_${tighter}`]: breaks(
      `The reader tightens ${keyword} from {from} to {to} on ${family}; values the writer allowed may now be rejected.`,
    ),
  } as Record<BoundKind<K>, KindRule>;
}

export const JSON_SCHEMA_KINDS = {
  ID_CHANGED: ok('The schema $id changed from {from} to {to}.'),
  TITLE_CHANGED: ok('The title changed from {from} to {to}.'),
  DESCRIPTION_CHANGED: ok('The description changed.'),
  DEFAULT_CHANGED: ok('The default value changed from {from} to {to}.'),
  SCHEMA_ADDED: breaks(
    'The reader adds a subschema at this location that the writer did not have, so it constrains values the writer never checked.',
  ),
  SCHEMA_REMOVED: ok('The reader removes the subschema at this location, so it no longer constrains these values.'),
  TYPE_EXTENDED: ok('The reader accepts a wider type ({from} → {to}).'),
  TYPE_NARROWED: breaks('The reader narrows the type ({from} → {to}); values the writer produced may be rejected.'),
  TYPE_CHANGED: breaks('The type changed from {from} to {to}; the reader cannot accept values written with the writer schema.'),

  ...boundKinds('MAX_LENGTH', 'maxLength', 'strings', true),
  ...boundKinds('MIN_LENGTH', 'minLength', 'strings', false),
  PATTERN_ADDED: breaks('The reader adds pattern {to}; strings the writer allowed may not match it.'),
  PATTERN_REMOVED: ok('The reader drops pattern {from}.'),
  PATTERN_CHANGED: breaks('The pattern changed from {from} to {to}; strings the writer allowed may not match it.'),

  ...boundKinds('MAXIMUM', 'maximum', 'numbers', true),
  ...boundKinds('MINIMUM', 'minimum', 'numbers', false),
  ...boundKinds('EXCLUSIVE_MAXIMUM', 'exclusiveMaximum', 'numbers', true),
  ...boundKinds('EXCLUSIVE_MINIMUM', 'exclusiveMinimum', 'numbers', false),
  MULTIPLE_OF_ADDED: breaks('The reader adds multipleOf = {to}; numbers the writer allowed may not be multiples of it.'),
  MULTIPLE_OF_REMOVED: ok('The reader drops multipleOf ({from}).'),
  MULTIPLE_OF_EXPANDED: breaks('multipleOf grew from {from} to {to}; multiples of {from} are not all multiples of {to}.'),
  MULTIPLE_OF_REDUCED: ok('multipleOf shrank from {from} to {to}, a divisor of it, so every value the writer allowed still passes.'),
  MULTIPLE_OF_CHANGED: breaks('multipleOf changed from {from} to {to}; multiples of {from} are not all multiples of {to}.'),

  REQUIRED_ATTRIBUTE_ADDED: breaks("Property '{name}' became required without a default; data written with the writer schema may lack it."),
  REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED: ok("Property '{name}' became required but has a default the reader can use."),
  REQUIRED_ATTRIBUTE_REMOVED: ok("Property '{name}' is no longer required."),
  ...boundKinds('MAX_PROPERTIES', 'maxProperties', 'objects', true),
  ...boundKinds('MIN_PROPERTIES', 'minProperties', 'objects', false),
  ADDITIONAL_PROPERTIES_ADDED: ok('The reader now allows additional properties.'),
  ADDITIONAL_PROPERTIES_REMOVED: breaks('The reader forbids additional properties that the writer allowed.'),
  ADDITIONAL_PROPERTIES_EXTENDED: ok('The reader drops the schema that constrained additional properties.'),
  ADDITIONAL_PROPERTIES_NARROWED: breaks(
    'The reader constrains additional properties with a schema; extra properties the writer allowed may not match it.',
  ),
  DEPENDENCY_ARRAY_ADDED: breaks("The reader adds a dependency: when '{name}' is present other properties must be too."),
  DEPENDENCY_ARRAY_REMOVED: ok("The reader drops the property dependency of '{name}'."),
  DEPENDENCY_ARRAY_EXTENDED: breaks("The reader requires more properties alongside '{name}' than the writer did."),
  DEPENDENCY_ARRAY_NARROWED: ok("The reader requires fewer properties alongside '{name}'."),
  DEPENDENCY_ARRAY_CHANGED: breaks("The properties required alongside '{name}' changed."),
  DEPENDENCY_SCHEMA_ADDED: breaks("The reader adds a schema dependency for '{name}' that the writer never checked."),
  DEPENDENCY_SCHEMA_REMOVED: ok("The reader drops the schema dependency for '{name}'."),
  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: {
    breaksStrict: true,
    breaksLenient: false,
    message: "Property '{name}' was added to an open object; data written with the writer schema may already carry '{name}' with any type.",
  },
  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: breaks(
    "Required property '{name}' was added to an open object; data written with the writer schema may lack it or carry it with any type.",
  ),
  PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: ok(
    "Property '{name}' was added to an open object with a schema that accepts anything.",
  ),
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: breaks(
    "Required property '{name}' was added without a default; data written with the writer schema never has it.",
  ),
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL: ok(
    "Required property '{name}' was added with a default the reader can use.",
  ),
  OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: ok(
    "Optional property '{name}' was added to an object that did not allow unknown properties.",
  ),
  PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: ok("Property '{name}' was removed; the reader's open object still accepts it."),
  PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: ok("Property '{name}', which the writer forbade, was removed."),
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: breaks(
    "Property '{name}' was removed from an object that forbids unknown properties; data carrying '{name}' will be rejected.",
  ),
  PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok(
    "Property '{name}' was removed; the reader's additionalProperties/patternProperties still accept its values.",
  ),
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: breaks(
    "Property '{name}' was removed and the reader's additionalProperties/patternProperties do not accept all of its values.",
  ),
  PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok(
    "Property '{name}' was added and accepts everything the writer's additionalProperties/patternProperties allowed for it.",
  ),
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: breaks(
    "Property '{name}' was added but does not accept everything the writer's additionalProperties/patternProperties allowed for it.",
  ),

  ...boundKinds('MAX_ITEMS', 'maxItems', 'arrays', true),
  ...boundKinds('MIN_ITEMS', 'minItems', 'arrays', false),
  ...boundKinds('MAX_CONTAINS', 'maxContains', 'arrays', true),
  ...boundKinds('MIN_CONTAINS', 'minContains', 'arrays', false),
  UNIQUE_ITEMS_ADDED: breaks('The reader requires unique items; arrays the writer allowed may contain duplicates.'),
  UNIQUE_ITEMS_REMOVED: ok('The reader no longer requires unique items.'),
  ADDITIONAL_ITEMS_ADDED: ok('The reader now allows items beyond the tuple.'),
  ADDITIONAL_ITEMS_REMOVED: breaks('The reader forbids items beyond the tuple that the writer allowed.'),
  ADDITIONAL_ITEMS_EXTENDED: ok('The reader drops the schema that constrained items beyond the tuple.'),
  ADDITIONAL_ITEMS_NARROWED: breaks('The reader constrains items beyond the tuple with a schema the writer did not have.'),
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: breaks(
    'Tuple item {name} was added to an open tuple; data written with the writer schema may already hold any value there.',
  ),
  ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: ok('Tuple item {name} was added with a schema that accepts anything.'),
  ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: ok('Tuple item {name} was added to a tuple that did not allow extra items.'),
  ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: ok("Tuple item {name} was removed; the reader's open tuple still accepts it."),
  ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: ok('Tuple item {name}, which the writer forbade, was removed.'),
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: breaks(
    'Tuple item {name} was removed from a tuple that forbids extra items; arrays that have it will be rejected.',
  ),
  ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok(
    "Tuple item {name} was removed; the reader's additional-items schema still accepts it.",
  ),
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: breaks(
    "Tuple item {name} was removed and the reader's additional-items schema does not accept all of its values.",
  ),
  ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok(
    "Tuple item {name} was added and accepts everything the writer's additional-items schema allowed there.",
  ),
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: breaks(
    "Tuple item {name} was added but does not accept everything the writer's additional-items schema allowed there.",
  ),

  ENUM_ARRAY_EXTENDED: ok('The reader accepts more enum values.'),
  ENUM_ARRAY_NARROWED: breaks('The reader accepts fewer enum values; values the writer allowed may be rejected.'),
  ENUM_ARRAY_CHANGED: breaks('The enum/const values changed; values the writer allowed may be rejected.'),

  COMBINED_TYPE_EXTENDED: ok('The combinator changed to a more permissive one ({from} → {to}).'),
  COMBINED_TYPE_CHANGED: breaks('The combinator changed from {from} to {to}.'),
  PRODUCT_TYPE_EXTENDED: breaks('allOf gained subschemas, so values must satisfy more constraints than the writer checked.'),
  PRODUCT_TYPE_NARROWED: ok('allOf lost subschemas, so values satisfy fewer constraints.'),
  SUM_TYPE_EXTENDED: ok('The reader accepts more alternatives (oneOf/anyOf).'),
  SUM_TYPE_NARROWED: breaks('The reader accepts fewer alternatives (oneOf/anyOf); values of a dropped alternative will be rejected.'),
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: breaks(
    "The subschemas of {name} cannot be paired one-to-one with compatible subschemas of the writer's {name}.",
  ),
  NOT_TYPE_EXTENDED: breaks('The schema under "not" now excludes values the writer allowed.'),
  NOT_TYPE_NARROWED: ok('The schema under "not" excludes fewer values.'),
} satisfies Record<string, KindRule>;

export type JsonSchemaKind = keyof typeof JSON_SCHEMA_KINDS;

export function breaksUnder(kind: JsonSchemaKind, policy: JsonSchemaPolicy): boolean {
  const rule: KindRule = JSON_SCHEMA_KINDS[kind];
  return policy === 'STRICT' ? rule.breaksStrict : rule.breaksLenient;
}

export function kindMessage(kind: JsonSchemaKind, values: { name: string; from?: string; to?: string }): string {
  return JSON_SCHEMA_KINDS[kind].message.replace(/\{(name|from|to)\}/g, (_m, key: 'name' | 'from' | 'to') => values[key] ?? 'none');
}

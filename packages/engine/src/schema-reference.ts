/**
 * A schema that another schema refers to, already resolved by the caller (the registry resolves
 * `{name, subject, version}` to text). `name` is the Avro full type name, the Protobuf import path
 * or the JSON Schema `$ref` URL. Referenced schemas may themselves carry references.
 */
export interface ResolvedReference {
  name: string;
  schemaType: string;
  schema: string;
  references: ResolvedReference[];
}

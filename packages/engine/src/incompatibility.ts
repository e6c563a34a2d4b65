/**
 * One reason why a reader schema cannot read data written with a writer schema.
 * `kind` is drawn from a closed set per format (see each format's `*-kinds.ts`);
 * `path` is a JSON-pointer-like location in the schema (`/fields/2/type`, `#/Msg/3`,
 * `#/properties/x`); `message` is a sentence a developer understands without the spec.
 */
export interface Incompatibility {
  kind: string;
  path: string;
  message: string;
}

/** The outcome of a check; `failedVersion` is the history entry it failed against. */
export interface CompatibilityResult {
  compatible: boolean;
  incompatibilities: Incompatibility[];
  failedVersion?: number;
}

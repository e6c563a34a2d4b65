/** A TypeScript enum-like object from a list of string values, for `registerEnumType`. */
export const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

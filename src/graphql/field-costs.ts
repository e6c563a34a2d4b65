/**
 * What the expensive fields cost in the query-cost estimate (an ordinary field costs 1), given
 * with the `complexity` option of @Query, @Field or @ResolveField. With a limit of 25,000 a query
 * may build five whole-catalogue documents at most.
 */
export const FIELD_COSTS = {
  /** Reads and serialises the whole catalogue or a whole table (exports, chain verification). */
  wholeCatalogue: 5_000,
  /** Reads every topic or every grant to rank or group them. */
  catalogueScan: 1_000,
  /** Parses and compares schemas, or checks a candidate against a contract. */
  schemaAnalysis: 50,
  /** Parses a schema into its list of fields. */
  schemaFields: 10,
  /** A full-text search over the catalogue, on top of the page it returns. */
  search: 20,
} as const;

/** For a list whose length the domain bounds (a topic has a value and a key subject at most). */
export const listOfAtMost =
  (items: number) =>
  ({ childComplexity }: { childComplexity: number }): number =>
    1 + items * childComplexity;

/**
 * Bounds on what one GraphQL request may ask for. Each is checked before the work it protects:
 * the byte size before parsing, the token count while parsing, the rest before graphql-js' own
 * validation rules (some of which are quadratic in the number of same-named fields).
 */
export const DOCUMENT_LIMITS = {
  /** The portal's largest page query is about 2 KiB; the introspection query about 1.5 KiB. */
  maxDocumentBytes: 64 * 1024,
  /** Lexical tokens the parser reads before giving up. */
  maxTokens: 10_000,
  /** Deeper queries are almost always accidental cycles (team → topics → owner → topics ...). */
  maxDepth: 12,
  maxAliases: 100,
  maxDirectives: 50,
  maxFragments: 100,
  /**
   * Sum over response names of (fields with that name)²: how many field pairs graphql-js' overlap
   * rule may have to compare. A portal query stays in the low thousands.
   */
  maxSameNamePairs: 20_000,
} as const;

/** Above this, a response is replaced by an error instead of being sent. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

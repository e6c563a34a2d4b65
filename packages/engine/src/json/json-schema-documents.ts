import { SchemaParseError } from '../schema-parse-error';

export const DRAFTS = ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'] as const;
export type Draft = (typeof DRAFTS)[number];

/** One JSON document taking part in a comparison: the schema itself or a resolved reference. */
export interface SchemaDocument {
  /** The reference name (the `$ref` URL other schemas use); '' for the schema being parsed. */
  name: string;
  root: unknown;
  draft: Draft;
  /** `$id` of the document, the base against which relative `$ref`s resolve. */
  baseUri?: string;
}

export interface Resolved {
  raw: unknown;
  doc: SchemaDocument;
}

/** Picks the draft from `$schema`; no `$schema` means draft-07, as in Confluent. */
export function draftOf(root: unknown): Draft {
  const declared = isObject(root) ? root.$schema : undefined;
  if (declared === undefined) return 'draft-07';
  const found = typeof declared === 'string' ? DRAFTS.find((d) => declared.includes(d)) : undefined;
  if (!found) {
    throw new SchemaParseError(
      `Unsupported $schema ${JSON.stringify(declared)}: use draft-04, draft-06, draft-07, 2019-09 or 2020-12`,
      '#/$schema',
    );
  }
  return found;
}

export function idOf(raw: unknown, draft: Draft): string | undefined {
  if (!isObject(raw)) return undefined;
  const id = draft === 'draft-04' ? raw.id : raw.$id;
  return typeof id === 'string' ? id : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Resolves `$ref` values the way a validator would: `#/json/pointer` and `#anchor` inside a
 * document, other URLs against the supplied references by name, `$id` or absolute URL.
 */
export class DocumentSet {
  private readonly byKey = new Map<string, SchemaDocument>();
  private readonly anchors = new Map<SchemaDocument, Map<string, unknown>>();

  constructor(
    readonly main: SchemaDocument,
    references: SchemaDocument[],
  ) {
    for (const doc of [main, ...references]) {
      for (const key of [doc.name, doc.baseUri, absolute(doc.name, main.baseUri)]) {
        if (key) this.byKey.set(stripHash(key), doc);
      }
    }
  }

  resolve(ref: string, from: SchemaDocument, path: string): Resolved {
    const hash = ref.indexOf('#');
    const url = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : decodeURIComponent(ref.slice(hash + 1));
    const doc = url === '' ? from : this.document(url, from);
    if (!doc) {
      throw new SchemaParseError(`$ref '${ref}' does not resolve: no reference named '${url}' was supplied`, path);
    }
    const raw = fragment === '' ? doc.root : fragment.startsWith('/') ? pointer(doc.root, fragment) : this.anchor(doc, fragment);
    if (raw === undefined) {
      throw new SchemaParseError(`$ref '${ref}' does not resolve: nothing at '#${fragment}'`, path);
    }
    return { raw, doc };
  }

  private document(url: string, from: SchemaDocument): SchemaDocument | undefined {
    return this.byKey.get(stripHash(url)) ?? this.byKey.get(stripHash(absolute(url, from.baseUri) ?? ''));
  }

  private anchor(doc: SchemaDocument, name: string): unknown {
    let index = this.anchors.get(doc);
    if (!index) {
      index = indexAnchors(doc);
      this.anchors.set(doc, index);
    }
    return index.get(name);
  }
}

function indexAnchors(doc: SchemaDocument): Map<string, unknown> {
  const index = new Map<string, unknown>();
  const stack: unknown[] = [doc.root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...value);
    if (!isObject(value)) continue;
    if (typeof value.$anchor === 'string') index.set(value.$anchor, value);
    const id = idOf(value, doc.draft);
    if (id?.startsWith('#')) index.set(id.slice(1), value);
    for (const child of Object.values(value)) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return index;
}

function pointer(root: unknown, fragment: string): unknown {
  let current: unknown = root;
  for (const token of fragment.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

function absolute(url: string, base: string | undefined): string | undefined {
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}

function stripHash(url: string): string {
  return url.endsWith('#') ? url.slice(0, -1) : url;
}

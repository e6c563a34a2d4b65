import { invalidInput } from './domain-error';

export interface PageRequest {
  first: number;
  after?: string;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor?: string;
  totalCount: number;
}

export const MAX_PAGE_SIZE = 200;

/** Cursors are opaque to clients: base64url of the JSON sort key of the last item returned. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): unknown[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key)) return key;
  } catch {
    // fall through to the error below
  }
  throw invalidInput(field, 'cursor', `'${field}' is not a cursor returned by this API.`);
}

export function checkPageSize(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw invalidInput(field, 'range', `'${field}' must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return first;
}

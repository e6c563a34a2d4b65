import { invalidInput } from './domain-error';
import { dateProblem } from './input-rules';

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
/** Longer than any cursor this API hands out; longer input is refused before it is decoded. */
export const MAX_CURSOR_LENGTH = 1024;

/** Cursors are opaque to clients: base64url of the JSON sort key of the last item returned. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What each position of a sort key holds; a cursor whose key does not fit is refused, never sent to SQL. */
export type CursorPart = 'int' | 'timestamp' | 'uuid' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fits(part: CursorPart, value: unknown): boolean {
  switch (part) {
    case 'int':
      return (
        (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'string' && /^\d{1,18}$/.test(value))
      );
    case 'timestamp':
      return typeof value === 'string' && value.length <= 40 && dateProblem(new Date(value), 'after') === undefined;
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'text':
      return typeof value === 'string' && value.length <= 500 && !value.includes('\u0000');
  }
}

/**
 * The sort key a cursor carries, checked against the shape the list expects, so that a forged or
 * truncated cursor is a clear input error rather than a database error.
 */
export function decodeCursor(cursor: string, shape: readonly CursorPart[], field = 'after'): string[] {
  const refuse = () => invalidInput(field, 'cursor', `'${field}' is not a cursor returned by this API.`);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw refuse();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(key) || key.length !== shape.length || !shape.every((part, i) => fits(part, key[i]))) throw refuse();
  return key.map(String);
}

export function checkPageSize(first: number, field = 'first'): number {
  if (!isPageSize(first)) throw invalidInput(field, 'range', `'${field}' must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  return first;
}

export const isPageSize = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_PAGE_SIZE;

import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';

/**
 * A schema nests about two JSON levels per schema level (`properties` → name → schema), so this
 * bound admits every schema within `maxDepth` and stops hostile nesting before anything recursive
 * (Ajv, the model builder, serialisation) runs.
 */
export const MAX_JSON_DEPTH = 2 * SCHEMA_LIMITS.maxDepth + 2;

/** Parses JSON text within the size, depth and node limits; errors carry a line and column. */
export function parseJsonText(text: string, what: string): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > SCHEMA_LIMITS.maxSchemaBytes) {
    throw new SchemaParseError(`${what} is ${bytes} bytes, more than the limit of ${SCHEMA_LIMITS.maxSchemaBytes} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { offset, problem } = findSyntaxError(text);
    throw new SchemaParseError(`${what} is not valid JSON: ${problem}`, lineAndColumn(text, offset));
  }
  checkShape(value, what);
  return value;
}

/** Iterative, so that a million opening brackets cannot exhaust the stack. */
function checkShape(root: unknown, what: string): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++nodes > SCHEMA_LIMITS.maxNodes) {
      throw new SchemaParseError(`${what} has more than ${SCHEMA_LIMITS.maxNodes} JSON values`);
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new SchemaParseError(
        `${what} is nested more than ${MAX_JSON_DEPTH} JSON levels deep (schemas may nest at most ${SCHEMA_LIMITS.maxDepth} levels)`,
      );
    }
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

class SyntaxAt {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

/** JSON.parse does not always say where it failed; this scanner finds the first bad character. */
export function findSyntaxError(text: string): { offset: number; problem: string } {
  try {
    scan(text);
    return { offset: text.length, problem: 'unexpected input' };
  } catch (error) {
    if (error instanceof SyntaxAt) return error;
    throw error;
  }
}

function scan(text: string): void {
  const stack: string[] = [];
  let i = 0;
  let state: State = 'value';
  const after = (): State => (stack.length === 0 ? 'end' : 'commaOrClose');
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    const c = text[i];
    if (state === 'end') {
      if (c === undefined) return;
      throw new SyntaxAt(i, 'unexpected text after the end of the JSON value');
    }
    if (c === undefined) throw new SyntaxAt(i, 'unexpected end of input');
    if ((state === 'valueOrClose' && c === ']') || (state === 'keyOrClose' && c === '}')) {
      stack.pop();
      i++;
      state = after();
    } else if (state === 'value' || state === 'valueOrClose') {
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        state = c === '{' ? 'keyOrClose' : 'valueOrClose';
      } else {
        i = scalarEnd(text, i);
        state = after();
      }
    } else if (state === 'key' || state === 'keyOrClose') {
      if (c !== '"') throw new SyntaxAt(i, 'expected a property name in double quotes');
      i = stringEnd(text, i);
      state = 'colon';
    } else if (state === 'colon') {
      if (c !== ':') throw new SyntaxAt(i, "expected ':' after the property name");
      i++;
      state = 'value';
    } else {
      const close = stack[stack.length - 1] === '{' ? '}' : ']';
      if (c === ',') state = close === '}' ? 'key' : 'value';
      else if (c === close) {
        stack.pop();
        state = after();
      } else throw new SyntaxAt(i, `expected ',' or '${close}'`);
      i++;
    }
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scalarEnd(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, i)) return i + literal.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  throw new SyntaxAt(i, `unexpected character ${JSON.stringify(text[i])}, expected a value`);
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) throw new SyntaxAt(i, 'control character inside a string');
    if (c === 0x5c) {
      const next = text[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 5;
      else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
      else throw new SyntaxAt(i, 'invalid escape sequence in a string');
    }
  }
  throw new SyntaxAt(text.length, 'unterminated string');
}

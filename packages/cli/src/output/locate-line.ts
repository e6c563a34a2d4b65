import { SchemaType } from '@charter/engine';

// Segments of schema paths that are structure, not names a developer wrote.
const STRUCTURAL = new Set([
  '#',
  'fields',
  'type',
  'items',
  'values',
  'symbols',
  'properties',
  'patternProperties',
  'additionalProperties',
  'definitions',
  '$defs',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'required',
  'enum',
  'default',
  'prefixItems',
  'then',
  'else',
  'if',
]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Names the problem talks about, most specific first: quoted names in the message, then path segments. */
function candidateNames(path: string, message: string): string[] {
  const names: string[] = [];
  for (const m of message.matchAll(/'([^'\s]+)'|"([^"\s]+)"|`([^`\s]+)`/g)) {
    const name = m[1] ?? m[2] ?? m[3];
    names.push(name);
    if (name.includes('.')) names.push(name.split('.').pop()!);
  }
  const segments = path.split(/[/.]/).reverse();
  for (const s of segments) if (s && !STRUCTURAL.has(s) && !/^\d+$/.test(s)) names.push(s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [...new Set(names)];
}

function patternsFor(schemaType: SchemaType, name: string): RegExp[] {
  const n = escape(name);
  switch (schemaType) {
    case 'AVRO':
      return [new RegExp(`"name"\\s*:\\s*"${n}"`), new RegExp(`"${n}"`)];
    case 'JSON':
      return [new RegExp(`"${n}"\\s*:`), new RegExp(`"${n}"`)];
    case 'PROTOBUF':
      return [new RegExp(`\\b${n}\\s*=\\s*-?\\d+`), new RegExp(`\\b(?:message|enum|service|oneof)\\s+${n}\\b`), new RegExp(`\\b${n}\\b`)];
  }
}

/**
 * The 1-based line of the field a problem is about, found by name in the local file, or undefined
 * when the name is not in it (a removed field, a problem with the whole schema). Parse errors carry
 * their own `line L, column C` or `L:C` location.
 */
export function locateLine(text: string, schemaType: SchemaType, problem: { path: string; message: string }): number | undefined {
  const explicit = /line (\d+), column \d+/.exec(problem.path) ?? /^(\d+):\d+$/.exec(problem.path);
  if (explicit) return Number(explicit[1]);
  for (const name of candidateNames(problem.path, problem.message)) {
    for (const pattern of patternsFor(schemaType, name)) {
      const match = pattern.exec(text);
      if (match) return lineAt(text, match.index);
    }
  }
  return undefined;
}

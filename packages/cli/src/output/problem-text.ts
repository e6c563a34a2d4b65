import { Problem } from '../check/check-report';

/** `RULE at /path (line 7): message Hint: ...` — the one-line form every format shares. */
export function problemLine(p: Problem): string {
  const where = [p.path ? `at ${p.path}` : '', p.line ? `(line ${p.line})` : ''].filter(Boolean).join(' ');
  const hint = p.hint ? ` Hint: ${p.hint}` : '';
  return `${p.rule}${where ? ` ${where}` : ''}: ${p.message}${hint}`;
}

export function statusText(status: string): string {
  switch (status) {
    case 'COMPATIBLE':
      return 'compatible';
    case 'NEW_SUBJECT':
      return 'new subject, compatible';
    case 'INCOMPATIBLE':
      return 'incompatible';
    default:
      return 'invalid schema';
  }
}

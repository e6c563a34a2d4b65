import { Problem, Severity, Status } from './check-report';

/** What `POST /compatibility/subjects/{s}/versions?verbose=true` answers, findings included. */
export interface CompatibilityAnswerBody {
  is_compatible?: unknown;
  messages?: unknown;
  findings?: unknown;
}

export interface ReadAnswer {
  status: Status;
  problems: Problem[];
  againstVersion?: number;
  level?: string;
}

// Confluent's rendering, which Charter reproduces: {errorType:'KIND', description:'...'[, additionalInfo:'...']}
const ERROR_TYPE = /^\{errorType:'([^']*)', description:'([\s\S]*?)'(?:, additionalInfo:'[\s\S]*')?\}$/;
const CHARTER_PATH = /^The schema at '([^']*)': ([\s\S]*)$/;
const CONFLUENT_PATH = /at path '([^']*)'/;
const OLD_VERSION = /^\{oldSchemaVersion: (\d+)\}$/;
const LEVEL = /compatibility: '([A-Z_]+)'\}$/;

function incompatibility(kind: string, description: string): Problem {
  const charter = CHARTER_PATH.exec(description);
  if (charter) return { source: 'compatibility', severity: 'BLOCK', rule: kind, path: charter[1], message: charter[2] };
  return {
    source: 'compatibility',
    severity: 'BLOCK',
    rule: kind,
    path: CONFLUENT_PATH.exec(description)?.[1] ?? '',
    message: description,
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Payload-contract findings: BLOCK fails the check, WARN is shown. Anything but an explicit WARN
 * counts as blocking, so a finding the CLI does not understand never lets a change through.
 */
export function readFindings(findings: unknown): Problem[] {
  if (!Array.isArray(findings)) return [];
  return findings.map((f: Record<string, unknown>) => {
    const item = f && typeof f === 'object' ? f : {};
    const severity: Severity = item.severity === 'WARN' ? 'WARN' : 'BLOCK';
    return {
      source: 'contract',
      severity,
      rule: text(item.rule) ?? 'CONTRACT',
      path: text(item.path) ?? '',
      message: text(item.message) ?? JSON.stringify(f),
      ...(text(item.hint) ? { hint: text(item.hint) } : {}),
    };
  });
}

/** Turns the verbose answer into problems with kind, path and reason. */
export function readCompatibilityAnswer(body: CompatibilityAnswerBody): ReadAnswer {
  const messages = Array.isArray(body.messages) ? body.messages.filter((m): m is string => typeof m === 'string') : [];
  const findings = readFindings(body.findings);
  if (body.is_compatible !== false) return { status: 'COMPATIBLE', problems: findings };

  const problems: Problem[] = [];
  const unrecognised: string[] = [];
  let againstVersion: number | undefined;
  let level: string | undefined;
  for (const message of messages) {
    const error = ERROR_TYPE.exec(message);
    if (error) problems.push(incompatibility(error[1], error[2]));
    else if (OLD_VERSION.test(message)) againstVersion = Number(OLD_VERSION.exec(message)![1]);
    else if (LEVEL.test(message)) level = LEVEL.exec(message)![1];
    else if (!message.startsWith('{oldSchema:')) unrecognised.push(message);
  }
  // With verbose=true an invalid candidate comes back as "not compatible" with only the parse error.
  if (problems.length === 0 && level === undefined && againstVersion === undefined) {
    const reasons = unrecognised.length > 0 ? unrecognised : ['The server found the schema invalid.'];
    return { status: 'INVALID', problems: [...reasons.map((m) => invalidSchema(m)), ...findings] };
  }
  for (const m of unrecognised) problems.push({ source: 'compatibility', severity: 'BLOCK', rule: 'INCOMPATIBLE', path: '', message: m });
  if (problems.length === 0) {
    problems.push({
      source: 'compatibility',
      severity: 'BLOCK',
      rule: 'INCOMPATIBLE',
      path: '',
      message: "The schema is not compatible with the subject's registered versions.",
    });
  }
  return { status: 'INCOMPATIBLE', problems: [...problems, ...findings], againstVersion, level };
}

export function invalidSchema(message: string, path = ''): Problem {
  return { source: 'schema', severity: 'BLOCK', rule: 'INVALID_SCHEMA', path, message };
}

import { SchemaType } from '@charter/engine';

export type Severity = 'BLOCK' | 'WARN';

/** Where a problem comes from: the compatibility check, the topic's payload contract, or parsing. */
export type ProblemSource = 'compatibility' | 'contract' | 'schema';

export interface Problem {
  source: ProblemSource;
  severity: Severity;
  /** Incompatibility kind, contract rule or `INVALID_SCHEMA`. */
  rule: string;
  /** Location in the schema (JSON-pointer-like), empty when unknown. */
  path: string;
  message: string;
  hint?: string;
  /** 1-based line in the local file, when the field could be found by name. */
  line?: number;
}

/**
 * COMPATIBLE and NEW_SUBJECT pass unless a BLOCK finding says otherwise; INCOMPATIBLE and INVALID
 * always fail.
 */
export type Status = 'COMPATIBLE' | 'NEW_SUBJECT' | 'INCOMPATIBLE' | 'INVALID';

export interface FileReport {
  file: string;
  subject: string;
  schemaType: SchemaType;
  status: Status;
  /** The version the check failed against, when the server or engine names one. */
  againstVersion?: number;
  /** The level the subject was checked under, when known. */
  level?: string;
  problems: Problem[];
}

export interface CheckReport {
  mode: 'online' | 'offline';
  /** The server URL (online) or git revision (offline) the files were checked against. */
  against: string;
  files: FileReport[];
  skipped: string[];
}

export function passed(file: FileReport): boolean {
  if (file.status === 'INCOMPATIBLE' || file.status === 'INVALID') return false;
  return !file.problems.some((p) => p.severity === 'BLOCK');
}

export interface Summary {
  files: number;
  passed: number;
  failed: number;
  warnings: number;
}

export function summarize(report: CheckReport): Summary {
  const failed = report.files.filter((f) => !passed(f)).length;
  return {
    files: report.files.length,
    passed: report.files.length - failed,
    failed,
    warnings: report.files.reduce((n, f) => n + f.problems.filter((p) => p.severity === 'WARN').length, 0),
  };
}

export function exitCodeOf(report: CheckReport): 0 | 1 {
  return report.files.every(passed) ? 0 : 1;
}

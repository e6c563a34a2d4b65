import { createHash, Hash } from 'node:crypto';
import { z } from 'zod';

/**
 * A Charter backup is JSON lines: one header line, then for each table a marker line
 * `{"table":..,"rows":..}` followed by its rows, one JSON object per line (PostgreSQL's own
 * `to_jsonb` rendering, so that every type round-trips exactly). The header's `sha256` covers the
 * header itself (without that field) and every following line, so an edited or truncated file is
 * refused before anything is written.
 */
export const BACKUP_FORMAT = 'charter-backup';
export const BACKUP_FORMAT_VERSION = 1;

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string(),
  /** Where the data came from; a label, never a secret (keys and passwords are never in the header). */
  jurisdiction: z.string().optional(),
  migrations: z.array(z.string().min(1)),
  tables: z.array(
    z.object({
      name: z.string().min(1),
      columns: z.array(z.string().min(1)).min(1),
      rows: z.number().int().min(0),
    }),
  ),
  sequences: z.array(
    z.object({
      name: z.string().min(1),
      lastValue: z
        .string()
        .regex(/^-?\d+$/)
        .nullable(),
    }),
  ),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type BackupHeader = z.infer<typeof headerSchema>;
export type UnsignedHeader = Omit<BackupHeader, 'sha256'>;

/** The database a backup is restored into is not fit for it (not empty, older schema). */
export class BackupTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupTargetError';
  }
}

export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

/** The header line as written, `sha256` last so the signed text is the line without it. */
export function headerLine(header: UnsignedHeader, sha256: string): string {
  return JSON.stringify({ ...header, sha256 });
}

/** Hashes the unsigned header, then each line of the body. */
export function startChecksum(header: UnsignedHeader | string): Hash {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  return createHash('sha256').update(`${text}\n`);
}

const SIGNED = /^(\{.*),"sha256":"([0-9a-f]{64})"\}$/;

/** Reads the first line: the header, and the exact text its checksum starts from. */
export function parseHeaderLine(line: string | undefined): { header: BackupHeader; unsigned: string } {
  if (line === undefined || line.length === 0) throw new BackupFileError('the file is empty');
  const signed = SIGNED.exec(line);
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new BackupFileError('the first line is not a Charter backup header (not JSON)');
  }
  if ((json as { format?: unknown })?.format !== BACKUP_FORMAT) throw new BackupFileError('the first line is not a Charter backup header');
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupFileError(`the backup header is damaged: ${issue.path.join('.') || 'header'}: ${issue.message}`);
  }
  if (!signed) throw new BackupFileError('the backup header is damaged: sha256 must be its last field');
  return { header: parsed.data, unsigned: `${signed[1]}}` };
}

export function tableMarker(name: string, rows: number): string {
  return JSON.stringify({ table: name, rows });
}

export function expectTableMarker(line: string | undefined, name: string, rows: number): void {
  if (line !== tableMarker(name, rows)) {
    throw new BackupFileError(
      `the file is truncated or edited: expected the rows of table ${name} (${rows}) but found ${line === undefined ? 'the end of the file' : 'something else'}`,
    );
  }
}

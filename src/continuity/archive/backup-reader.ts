import { createReadStream } from 'node:fs';
import { Hash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { BackupFileError, BackupHeader, expectTableMarker, parseHeaderLine, startChecksum } from './backup-format';

/** Lines of a backup file, one at a time. */
class LineReader {
  private readonly lines: AsyncIterator<string>;

  constructor(file: string) {
    const input = createReadStream(file, { encoding: 'utf8' });
    this.lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  async next(): Promise<string | undefined> {
    const { value, done } = await this.lines.next();
    return done ? undefined : value;
  }

  async close(): Promise<void> {
    await this.lines.return?.();
  }
}

export type RowBatchHandler = (table: BackupHeader['tables'][number], rows: string[]) => Promise<void>;

/**
 * Reads a backup from start to end, checking its structure (header, table markers, row counts, end
 * of file) and its checksum. Rows are handed to `onRows` in batches; with no handler it only
 * verifies. Throws BackupFileError for a damaged file, after the last batch at the latest — the
 * caller's transaction makes sure nothing stays written then.
 */
export async function readBackup(
  file: string,
  onRows?: RowBatchHandler,
  batch: (table: BackupHeader['tables'][number]) => number = () => 500,
): Promise<BackupHeader> {
  const reader = new LineReader(file);
  try {
    const { header, unsigned } = parseHeaderLine(await reader.next());
    const checksum: Hash = startChecksum(unsigned);
    for (const table of header.tables) {
      const marker = await reader.next();
      expectTableMarker(marker, table.name, table.rows);
      checksum.update(`${marker}\n`);
      const size = Math.max(1, batch(table));
      let rows: string[] = [];
      for (let i = 0; i < table.rows; i++) {
        const line = await reader.next();
        if (line === undefined)
          throw new BackupFileError(`the file is truncated: table ${table.name} should have ${table.rows} rows, it ends after ${i}`);
        if (!line.startsWith('{') || !line.endsWith('}'))
          throw new BackupFileError(`the file is edited or damaged: row ${i + 1} of table ${table.name} is not a JSON object`);
        checksum.update(`${line}\n`);
        rows.push(line);
        if (rows.length >= size) {
          if (onRows) await onRows(table, rows);
          rows = [];
        }
      }
      if (rows.length > 0 && onRows) await onRows(table, rows);
    }
    if ((await reader.next()) !== undefined) throw new BackupFileError('the file is edited: it has lines after the last table');
    if (checksum.digest('hex') !== header.sha256)
      throw new BackupFileError('the checksum does not match: the file was edited or damaged after export');
    return header;
  } finally {
    await reader.close();
  }
}

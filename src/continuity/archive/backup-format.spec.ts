import { BACKUP_FORMAT, expectTableMarker, headerLine, parseHeaderLine, startChecksum, tableMarker, UnsignedHeader } from './backup-format';

const header: UnsignedHeader = {
  format: BACKUP_FORMAT,
  formatVersion: 1,
  createdAt: '2030-01-01T00:00:00.000Z',
  migrations: ['Foundation1700000000001'],
  tables: [{ name: 'team', columns: ['id', 'slug'], rows: 2 }],
  sequences: [{ name: 'audit_log_seq_seq', lastValue: '9007199254740993' }],
};

describe('backup header', () => {
  it('round-trips, and the signed text is the header without its checksum', () => {
    const sha = 'a'.repeat(64);
    const { header: read, unsigned } = parseHeaderLine(headerLine(header, sha));
    expect(read).toEqual({ ...header, sha256: sha });
    expect(unsigned).toBe(JSON.stringify(header));
    expect(startChecksum(unsigned).digest('hex')).toBe(startChecksum(header).digest('hex'));
  });

  it.each([
    [undefined, 'the file is empty'],
    ['not json', 'not a Charter backup header (not JSON)'],
    ['{"format":"other"}', 'not a Charter backup header'],
    [headerLine({ ...header, formatVersion: 2 as 1 }, 'a'.repeat(64)), 'damaged: formatVersion'],
    [headerLine({ ...header, tables: [{ name: 'team', columns: ['id'], rows: -1 }] }, 'a'.repeat(64)), 'damaged: tables.0.rows'],
    [JSON.stringify({ sha256: 'a'.repeat(64), ...header }), 'sha256 must be its last field'],
  ])('refuses a damaged header (%#)', (line, message) => {
    expect(() => parseHeaderLine(line)).toThrow(message);
  });

  it('table markers must match the header exactly', () => {
    expect(() => expectTableMarker(tableMarker('team', 2), 'team', 2)).not.toThrow();
    expect(() => expectTableMarker(tableMarker('team', 1), 'team', 2)).toThrow(
      'expected the rows of table team (2) but found something else',
    );
    expect(() => expectTableMarker(undefined, 'team', 2)).toThrow('found the end of the file');
  });
});

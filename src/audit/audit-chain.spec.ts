import { chainHash, ChainRow, findBreak, GENESIS_HASH } from './audit-chain';

function chain(count: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const fields = {
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actor: 'alice',
      action: 'team.created',
      targetType: 'team',
      targetId: `t${i}`,
      details: { b: i, a: { y: 1, x: [1, 2] } },
    };
    const hash = chainHash(prev, fields);
    rows.push({ ...fields, seq: String(i), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('accepts an intact chain', () => {
    expect(findBreak(chain(5), GENESIS_HASH).break).toBeUndefined();
  });

  it('does not depend on the key order of details', () => {
    const fields = chain(1)[0];
    const reordered = { ...fields, details: { a: { x: [1, 2], y: 1 }, b: 1 } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(fields.hash);
  });

  it('finds an edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], actor: 'mallory' };
    expect(findBreak(rows, GENESIS_HASH).break).toEqual({ seq: '3', reason: 'HASH_MISMATCH' });
  });

  it('finds a deleted row', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(findBreak(rows, GENESIS_HASH).break).toEqual({ seq: '3', reason: 'PREVIOUS_HASH_MISMATCH' });
  });
});

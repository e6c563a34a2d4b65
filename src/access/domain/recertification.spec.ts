import { DomainError } from '../../kernel/domain-error';
import { AccessActor, AccessRequestSnapshot } from './access-vocabulary';
import { assertMayStart, checkAnswer, checkDeadlineDays, deadlineOutcome, ItemView, mayAnswer, scopeOf } from './recertification';

const now = new Date('2030-01-10T00:00:00Z');
const actor = (username: string, teams: string[] = [], roles: string[] = []): AccessActor => ({ username, teams, roles, via: 'api-token' });
const grant: AccessRequestSnapshot = {
  id: 'g1',
  state: 'APPROVED',
  requestedBy: 'rita',
  requestingTeam: 'fraud',
  ownerTeam: 'shop',
  slots: [{ kind: 'OWNER', decision: 'APPROVED', decidedBy: 'olga', decidedAt: now }],
  durationDays: 30,
  grant: { start: new Date('2030-01-01T00:00:00Z'), end: new Date('2030-01-31T00:00:00Z') },
  version: 2,
};
const item: ItemView = { id: 'i1', state: 'OPEN', deadline: new Date('2030-01-20T00:00:00Z') };
const olga = actor('olga', ['shop']);

function refusal(fn: () => unknown): { code: string; field?: string; rule?: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, field: err.details.field, rule: err.details.rule };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('recertification rules', () => {
  it('takes exactly one scope, and a deadline of 1 to 365 whole days', () => {
    expect(scopeOf({ team: 'fraud' })).toEqual({ kind: 'TEAM', value: 'fraud' });
    expect(scopeOf({ classification: 'RESTRICTED', topic: null })).toEqual({ kind: 'CLASSIFICATION', value: 'RESTRICTED' });
    expect(refusal(() => scopeOf({}))).toMatchObject({ field: 'scope', rule: 'exactly-one' });
    expect(refusal(() => scopeOf({ team: 'a', topic: 'b' }))).toMatchObject({ field: 'scope', rule: 'exactly-one' });
    expect(refusal(() => scopeOf({ classification: 'SECRET' }))).toMatchObject({ field: 'scope.classification' });
    expect([1, 365].map(checkDeadlineDays)).toEqual([1, 365]);
    for (const bad of [0, 366, 1.5, -1])
      expect(refusal(() => checkDeadlineDays(bad))).toMatchObject({ field: 'deadlineDays', rule: 'range' });
  });

  it('lets stewards and admins start, and the owning team or admins answer', () => {
    expect(() => assertMayStart(actor('stella', [], ['steward']))).not.toThrow();
    expect(() => assertMayStart(actor('root', [], ['admin']))).not.toThrow();
    expect(refusal(() => assertMayStart(olga))).toMatchObject({ code: 'FORBIDDEN', rule: 'steward-starts' });
    expect(mayAnswer(grant, olga)).toBe(true);
    expect(mayAnswer(grant, actor('root', [], ['admin']))).toBe(true);
    expect(mayAnswer(grant, actor('stella', [], ['steward']))).toBe(false);
    expect(mayAnswer(grant, actor('rita', ['fraud']))).toBe(false);
  });

  it('checks an answer: approver first, then an open item before its deadline, a reason to revoke', () => {
    expect(checkAnswer(item, grant, 'CONFIRM', '  ', olga, now)).toEqual({ decision: 'CONFIRM', reason: null });
    expect(checkAnswer(item, grant, 'REVOKE', ' unused ', olga, now)).toEqual({ decision: 'REVOKE', reason: 'unused' });
    expect(refusal(() => checkAnswer(item, grant, 'REVOKE', '', olga, now))).toMatchObject({ field: 'reason', rule: 'reason-required' });
    expect(refusal(() => checkAnswer(item, grant, 'MAYBE', null, olga, now))).toMatchObject({ field: 'decision' });
    const stella = actor('stella', [], ['steward']);
    const closed = { ...item, state: 'CONFIRMED' as const };
    expect(refusal(() => checkAnswer(closed, grant, 'CONFIRM', null, stella, now))).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'owner-side-approver',
    });
    expect(refusal(() => checkAnswer(closed, grant, 'CONFIRM', null, olga, now))).toMatchObject({ code: 'CONFLICT', rule: 'item-closed' });
    expect(refusal(() => checkAnswer(item, grant, 'CONFIRM', null, olga, item.deadline))).toMatchObject({ rule: 'deadline-passed' });
    const revoked = { ...grant, state: 'REVOKED' as const };
    expect(refusal(() => checkAnswer(item, revoked, 'CONFIRM', null, olga, now))).toMatchObject({ rule: 'grant-not-active' });
  });

  it('suspends an active grant at the deadline, and records any other as lapsed', () => {
    expect(deadlineOutcome(grant, now)).toBe('SUSPENDED');
    expect(deadlineOutcome({ ...grant, state: 'REVOKED' }, now)).toBe('LAPSED');
    expect(deadlineOutcome(grant, new Date('2030-02-01T00:00:00Z'))).toBe('LAPSED');
  });
});

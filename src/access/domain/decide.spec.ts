import { SYSTEM } from '../../auth/domain/principal';
import {
  ACCESS_COMMANDS,
  ACCESS_STATES,
  AccessActor,
  AccessCommandKind,
  AccessRequestSnapshot,
  AccessState,
  DAY_MS,
} from './access-vocabulary';
import { decide, DecideResult, effectiveState, isActiveGrant } from './decide';

const NOW = new Date('2030-03-01T12:00:00Z');
const LATER = new Date(NOW.getTime() + 10 * DAY_MS);
const EARLIER = new Date(NOW.getTime() - 10 * DAY_MS);

const actor = (username: string, teams: string[] = [], roles: string[] = []): AccessActor => ({ username, teams, roles, via: 'api-token' });

const ACTORS = {
  requester: actor('rita', ['consumers']),
  teammate: actor('tom', ['consumers']),
  owner: actor('olga', ['producers']),
  steward: actor('stella', [], ['steward']),
  admin: actor('ada', [], ['admin']),
  outsider: actor('oscar', ['elsewhere']),
  ownerSteward: actor('petra', ['producers'], ['steward']),
  system: SYSTEM as AccessActor,
};
type Role = keyof typeof ACTORS;
const ROLES = Object.keys(ACTORS) as Role[];

function request(state: AccessState, overrides: Partial<AccessRequestSnapshot> = {}): AccessRequestSnapshot {
  const granted = ['APPROVED', 'SUSPENDED', 'REVOKED', 'EXPIRED'].includes(state);
  return {
    id: 'req-1',
    state,
    requestedBy: 'rita',
    requestingTeam: 'consumers',
    ownerTeam: 'producers',
    slots: [
      { kind: 'OWNER', decision: null, decidedBy: null, decidedAt: null },
      { kind: 'STEWARD', decision: null, decidedBy: null, decidedAt: null },
    ],
    durationDays: 30,
    grant: granted ? { start: EARLIER, end: LATER } : null,
    version: 1,
    ...overrides,
  };
}

/** `ok:<state after>` or `err:<rule>`. */
function outcome(result: DecideResult): string {
  return result.ok ? `ok:${result.decision.to}` : `err:${result.error.details.rule ?? result.error.code}`;
}

/** Someone who cannot see the request gets what the read gives them, whatever the state or command. */
const INVISIBLE = 'err:NOT_FOUND';
const SLOT = {
  requester: 'err:self-approval',
  teammate: 'err:slot-eligibility',
  admin: 'err:slot-eligibility',
  outsider: INVISIBLE,
  system: 'err:slot-eligibility',
};
const NOT_ALLOWED = 'err:actor-not-allowed';
const REVOKE: Record<Role, string> = {
  requester: NOT_ALLOWED,
  teammate: NOT_ALLOWED,
  owner: 'ok:REVOKED',
  steward: 'ok:REVOKED',
  admin: 'ok:REVOKED',
  outsider: INVISIBLE,
  ownerSteward: 'ok:REVOKED',
  system: 'ok:REVOKED',
};
const EXPIRE_RUNNING: Record<Role, string> = {
  requester: NOT_ALLOWED,
  teammate: NOT_ALLOWED,
  owner: NOT_ALLOWED,
  steward: NOT_ALLOWED,
  admin: NOT_ALLOWED,
  outsider: INVISIBLE,
  ownerSteward: NOT_ALLOWED,
  system: 'err:grant-running',
};

/**
 * The specification, written out: every legal (state, command) pair with the outcome for each
 * role, on a request needing an owner and a steward with both slots open and a running grant.
 * Every pair not listed must be refused as an illegal transition, whoever asks.
 */
const EXPECTED: Partial<Record<AccessState, Partial<Record<AccessCommandKind, Record<Role, string>>>>> = {
  PENDING: {
    approve: { ...SLOT, owner: 'ok:PENDING', steward: 'ok:PENDING', ownerSteward: 'ok:PENDING' },
    reject: { ...SLOT, owner: 'ok:REJECTED', steward: 'ok:REJECTED', ownerSteward: 'ok:REJECTED' },
    withdraw: {
      requester: 'ok:WITHDRAWN',
      teammate: 'ok:WITHDRAWN',
      owner: NOT_ALLOWED,
      steward: NOT_ALLOWED,
      admin: NOT_ALLOWED,
      outsider: INVISIBLE,
      ownerSteward: NOT_ALLOWED,
      system: NOT_ALLOWED,
    },
  },
  APPROVED: {
    revoke: REVOKE,
    suspend: {
      requester: NOT_ALLOWED,
      teammate: NOT_ALLOWED,
      owner: NOT_ALLOWED,
      steward: 'ok:SUSPENDED',
      admin: 'ok:SUSPENDED',
      outsider: INVISIBLE,
      ownerSteward: 'ok:SUSPENDED',
      system: 'ok:SUSPENDED',
    },
    expire: EXPIRE_RUNNING,
  },
  SUSPENDED: {
    revoke: REVOKE,
    reinstate: {
      requester: NOT_ALLOWED,
      teammate: NOT_ALLOWED,
      owner: NOT_ALLOWED,
      steward: 'ok:APPROVED',
      admin: 'ok:APPROVED',
      outsider: INVISIBLE,
      ownerSteward: 'ok:APPROVED',
      system: 'ok:APPROVED',
    },
    expire: EXPIRE_RUNNING,
  },
};

describe('decide: the transition table, every state x command x role', () => {
  const cases = ACCESS_STATES.flatMap((state) =>
    ACCESS_COMMANDS.flatMap((command) => ROLES.map((role) => [state, command, role] as const)),
  );

  it('covers 7 states x 7 commands x 8 roles', () => {
    expect(cases).toHaveLength(7 * 7 * 8);
  });

  it.each(cases)('%s + %s by %s', (state, command, role) => {
    const expected = EXPECTED[state]?.[command]?.[role] ?? (role === 'outsider' ? INVISIBLE : 'err:illegal-transition');
    const result = decide(request(state), { kind: command, reason: 'because' }, ACTORS[role], NOW);
    expect(outcome(result)).toBe(expected);
  });
});

describe('decide: slots', () => {
  const ownerFilled = request('PENDING', {
    slots: [
      { kind: 'OWNER', decision: 'APPROVED', decidedBy: 'olga', decidedAt: EARLIER },
      { kind: 'STEWARD', decision: null, decidedBy: null, decidedAt: null },
    ],
  });

  it('stays PENDING after the first of two approvals and records the slot, without a webhook', () => {
    const result = decide(request('PENDING'), { kind: 'approve' }, ACTORS.owner, NOW);
    if (!result.ok) throw result.error;
    expect(result.decision).toMatchObject({
      from: 'PENDING',
      to: 'PENDING',
      slot: { kind: 'OWNER', decision: 'APPROVED', decidedBy: 'olga', decidedAt: NOW },
      grant: null,
      notification: null,
      audit: { action: 'access.slot.approved', details: { slot: 'OWNER' } },
    });
  });

  it('approves when the last slot is filled by a second person, starting the grant now for the requested days', () => {
    const result = decide(ownerFilled, { kind: 'approve' }, ACTORS.steward, NOW);
    if (!result.ok) throw result.error;
    expect(result.decision.to).toBe('APPROVED');
    expect(result.decision.grant).toEqual({ start: NOW, end: new Date(NOW.getTime() + 30 * DAY_MS) });
    expect(result.decision.notification).toBe('access.request.approved');
    expect(result.decision.audit.action).toBe('access.request.approved');
  });

  it('refuses the person who filled the owner slot as the steward too, even with both roles', () => {
    const petraFilled = request('PENDING', {
      slots: [
        { kind: 'OWNER', decision: 'APPROVED', decidedBy: 'petra', decidedAt: EARLIER },
        { kind: 'STEWARD', decision: null, decidedBy: null, decidedAt: null },
      ],
    });
    expect(outcome(decide(petraFilled, { kind: 'approve' }, ACTORS.ownerSteward, NOW))).toBe('err:one-person-one-slot');
    expect(outcome(decide(petraFilled, { kind: 'approve', slot: 'STEWARD' }, ACTORS.ownerSteward, NOW))).toBe('err:one-person-one-slot');
    expect(outcome(decide(petraFilled, { kind: 'reject', reason: 'no' }, ACTORS.ownerSteward, NOW))).toBe('err:one-person-one-slot');
  });

  it('refuses a second owner when the owner slot is taken, and lets a steward take theirs', () => {
    const otto = actor('otto', ['producers']);
    const result = decide(ownerFilled, { kind: 'approve' }, otto, NOW);
    expect(outcome(result)).toBe('err:slot-filled');
    expect(result.ok ? undefined : result.error.code).toBe('CONFLICT');
    expect(outcome(decide(ownerFilled, { kind: 'approve' }, ACTORS.ownerSteward, NOW))).toBe('ok:APPROVED');
  });

  it('refuses self-approval even to someone who holds both roles', () => {
    const own = request('PENDING', { requestedBy: 'petra' });
    for (const command of ['approve', 'reject'] as const) {
      const result = decide(own, { kind: command, reason: 'x' }, ACTORS.ownerSteward, NOW);
      expect(outcome(result)).toBe('err:self-approval');
      expect(result.ok ? undefined : result.error.code).toBe('FORBIDDEN');
    }
  });

  it('lets a member of the requesting team who owns the topic approve a teammate request', () => {
    const sameTeam = request('PENDING', {
      ownerTeam: 'consumers',
      slots: [{ kind: 'OWNER', decision: null, decidedBy: null, decidedAt: null }],
    });
    expect(outcome(decide(sameTeam, { kind: 'approve' }, ACTORS.teammate, NOW))).toBe('ok:APPROVED');
    expect(outcome(decide(sameTeam, { kind: 'approve' }, ACTORS.requester, NOW))).toBe('err:self-approval');
  });

  it('fills the slot the approver names, and refuses a slot they cannot fill or that does not exist', () => {
    const result = decide(request('PENDING'), { kind: 'approve', slot: 'STEWARD' }, ACTORS.ownerSteward, NOW);
    expect(result.ok && result.decision.slot?.kind).toBe('STEWARD');
    expect(outcome(decide(request('PENDING'), { kind: 'approve', slot: 'STEWARD' }, ACTORS.owner, NOW))).toBe('err:slot-eligibility');
    const ownerOnly = request('PENDING', { slots: [{ kind: 'OWNER', decision: null, decidedBy: null, decidedAt: null }] });
    expect(outcome(decide(ownerOnly, { kind: 'approve', slot: 'STEWARD' }, ACTORS.steward, NOW))).toBe('err:existing-slot');
    expect(outcome(decide(ownerOnly, { kind: 'approve' }, ACTORS.steward, NOW))).toBe('err:slot-eligibility');
    expect(outcome(decide(ownerOnly, { kind: 'approve' }, ACTORS.owner, NOW))).toBe('ok:APPROVED');
  });

  it('rejects on the first rejecting slot, with the reason for the requester', () => {
    const result = decide(ownerFilled, { kind: 'reject', reason: '  no legal basis for marketing  ' }, ACTORS.steward, NOW);
    if (!result.ok) throw result.error;
    expect(result.decision).toMatchObject({
      to: 'REJECTED',
      reason: 'no legal basis for marketing',
      grant: null,
      notification: 'access.request.rejected',
    });
    expect(result.decision.slot).toMatchObject({ kind: 'STEWARD', decision: 'REJECTED' });
  });
});

describe('decide: reasons and time', () => {
  it.each(['reject', 'revoke', 'suspend', 'reinstate'] as const)('requires a reason to %s', (command) => {
    const state: AccessState = command === 'reject' ? 'PENDING' : command === 'reinstate' ? 'SUSPENDED' : 'APPROVED';
    for (const reason of [undefined, null, '', '   ']) {
      const result = decide(request(state), { kind: command, reason }, ACTORS.steward, NOW);
      expect(outcome(result)).toBe('err:reason-required');
      expect(result.ok ? undefined : result.error.details.field).toBe('reason');
    }
    expect(outcome(decide(request(state), { kind: command, reason: 'x'.repeat(2001) }, ACTORS.steward, NOW))).toBe('err:max-length');
  });

  it('checks who acts before asking for a reason', () => {
    expect(outcome(decide(request('APPROVED'), { kind: 'revoke' }, ACTORS.teammate, NOW))).toBe('err:actor-not-allowed');
    expect(outcome(decide(request('PENDING'), { kind: 'reject' }, ACTORS.requester, NOW))).toBe('err:self-approval');
  });

  it('withdraws with or without a reason', () => {
    expect(outcome(decide(request('PENDING'), { kind: 'withdraw' }, ACTORS.requester, NOW))).toBe('ok:WITHDRAWN');
  });

  const ended = (state: AccessState) => request(state, { grant: { start: EARLIER, end: NOW } });

  it.each(['APPROVED', 'SUSPENDED'] as const)('expires an ended %s grant, by Charter only, without a reason', (state) => {
    const result = decide(ended(state), { kind: 'expire', reason: 'ignored' }, SYSTEM, NOW);
    if (!result.ok) throw result.error;
    expect(result.decision).toMatchObject({ from: state, to: 'EXPIRED', reason: null, notification: 'access.grant.expired' });
    expect(outcome(decide(ended(state), { kind: 'expire' }, ACTORS.admin, NOW))).toBe('err:actor-not-allowed');
  });

  it.each(['revoke', 'suspend'] as const)('refuses to %s a grant whose end has passed', (command) => {
    const result = decide(ended('APPROVED'), { kind: command, reason: 'late' }, ACTORS.admin, NOW);
    expect(outcome(result)).toBe('err:grant-ended');
  });

  it('refuses to reinstate a suspended grant whose end has passed', () => {
    expect(outcome(decide(ended('SUSPENDED'), { kind: 'reinstate', reason: 'fine' }, ACTORS.steward, NOW))).toBe('err:grant-ended');
  });

  it.each(['approve', 'reject', 'withdraw', 'revoke'] as const)(
    'refuses to %s an EXPIRED or WITHDRAWN request, naming the state',
    (command) => {
      for (const state of ['EXPIRED', 'WITHDRAWN'] as const) {
        const result = decide(request(state), { kind: command, reason: 'x' }, ACTORS.owner, NOW);
        expect(outcome(result)).toBe('err:illegal-transition');
        expect(result.ok ? '' : result.error.message).toContain(`is ${state} and cannot be`);
      }
    },
  );

  it('treats a granted request as expired once its end passes, before any job runs', () => {
    expect(effectiveState(ended('APPROVED'), NOW)).toBe('EXPIRED');
    expect(effectiveState(ended('SUSPENDED'), NOW)).toBe('EXPIRED');
    expect(effectiveState(request('APPROVED'), NOW)).toBe('APPROVED');
    expect(isActiveGrant(request('APPROVED'), NOW)).toBe(true);
    expect(isActiveGrant(request('SUSPENDED'), NOW)).toBe(false);
    expect(isActiveGrant(ended('APPROVED'), NOW)).toBe(false);
    expect(effectiveState(request('PENDING'), NOW)).toBe('PENDING');
  });
});

describe('decide: visibility comes first', () => {
  it('answers a caller who cannot see the request exactly as the read does, before state, slots or reasons', () => {
    for (const state of ACCESS_STATES) {
      for (const kind of ACCESS_COMMANDS) {
        const result = decide(request(state), { kind }, ACTORS.outsider, NOW);
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe('NOT_FOUND');
        expect(result.error.message).toBe("Access request 'req-1' does not exist.");
        expect(result.error.details).toEqual({ target: 'Access request', key: 'req-1' });
      }
    }
  });

  it('lets the submitter decide on their own request after leaving the team, as the read shows it to them', () => {
    const leaver = actor('rita', ['elsewhere']);
    expect(outcome(decide(request('PENDING'), { kind: 'withdraw' }, leaver, NOW))).toBe('ok:WITHDRAWN');
  });
});

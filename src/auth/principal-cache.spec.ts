import { Clock } from '../kernel/clock';
import { ApiTokenEntity } from './api-token.entity';
import { formatAuthChange, parseAuthChange } from './auth-change';
import { PrincipalCache } from './principal-cache';

class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  now() {
    return this.at;
  }
}

const HASH = 'a'.repeat(64);
const token = (expiresAt: Date | null = null) =>
  Object.assign(new ApiTokenEntity(), { id: 't1', tokenHash: HASH, username: 'ann', teams: [], roles: [], expiresAt });

describe('principal cache', () => {
  let clock: FixedClock;
  let cache: PrincipalCache;
  let loads: number;
  const loader = (value: ApiTokenEntity | undefined) => async () => {
    loads++;
    return value;
  };

  beforeEach(() => {
    clock = new FixedClock(new Date('2030-01-01T00:00:00Z'));
    cache = new PrincipalCache(clock);
    cache.trustUntil(Number.POSITIVE_INFINITY);
    loads = 0;
  });

  it('answers a verified token from memory until a change to that token is announced', async () => {
    const live = token();
    expect(await cache.token(HASH, loader(live))).toBe(live);
    expect(await cache.token(HASH, loader(undefined))).toBe(live);
    expect(loads).toBe(1);
    cache.apply(formatAuthChange({ kind: 'member', username: 'ann' }));
    expect(await cache.token(HASH, loader(undefined))).toBe(live);
    cache.apply(formatAuthChange({ kind: 'token', hash: HASH }));
    expect(await cache.token(HASH, loader(undefined))).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('never keeps unknown tokens, so a token created later is found', async () => {
    expect(await cache.token(HASH, loader(undefined))).toBeUndefined();
    expect(await cache.token(HASH, loader(token()))).toBeDefined();
    expect(loads).toBe(2);
  });

  it('never answers a token from memory at or after its expiry', async () => {
    const expiring = token(new Date(clock.at.getTime() + 10_000));
    await cache.token(HASH, loader(expiring));
    clock.at = new Date(clock.at.getTime() + 10_000);
    expect(await cache.token(HASH, loader(undefined))).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('does not store what a lookup read before a change announced while it ran', async () => {
    let release!: () => void;
    const slow = cache.token(HASH, async () => {
      await new Promise<void>((r) => (release = r));
      return token();
    });
    await Promise.resolve();
    cache.apply(formatAuthChange({ kind: 'token', hash: HASH }));
    release();
    expect(await slow).toBeDefined();
    expect(await cache.token(HASH, loader(undefined))).toBeUndefined();
  });

  it("keeps memberships per user and drops them on that user's change or on a global one", async () => {
    expect(await cache.teamsOf('ann', async () => ['a'])).toEqual(['a']);
    expect(await cache.teamsOf('ann', async () => ['b'])).toEqual(['a']);
    cache.apply('member:bob');
    expect(await cache.teamsOf('ann', async () => ['b'])).toEqual(['a']);
    cache.apply('member:ann');
    expect(await cache.teamsOf('ann', async () => ['b'])).toEqual(['b']);
    cache.apply('all');
    expect(await cache.teamsOf('ann', async () => ['c'])).toEqual(['c']);
  });

  it('serves nothing from memory while the channel cannot vouch for it, and forgets all when it was lost', async () => {
    await cache.token(HASH, loader(token()));
    cache.lost();
    expect(await cache.token(HASH, loader(undefined))).toBeUndefined();
    expect(await cache.token(HASH, loader(token()))).toBeDefined();
    expect(await cache.token(HASH, loader(undefined))).toBeUndefined();
    cache.trustUntil(performance.now() + 60_000);
    expect(await cache.token(HASH, loader(token()))).toBeDefined();
    expect(await cache.token(HASH, loader(undefined))).toBeDefined();
  });

  it('lets trust lapse when the channel stops proving it is alive', async () => {
    cache = new PrincipalCache(clock);
    cache.trustUntil(performance.now() - 1);
    await cache.token(HASH, loader(token()));
    expect(await cache.token(HASH, loader(undefined))).toBeUndefined();
  });
});

describe('auth change payloads', () => {
  it('round-trip, and anything unreadable means "everything changed"', () => {
    for (const change of [{ kind: 'token', hash: HASH }, { kind: 'member', username: 'a:b@c' }, { kind: 'all' }] as const) {
      expect(parseAuthChange(formatAuthChange(change))).toEqual(change);
    }
    expect(parseAuthChange('token:not-a-hash')).toEqual({ kind: 'all' });
    expect(parseAuthChange('member:')).toEqual({ kind: 'all' });
    expect(parseAuthChange('something-new:x')).toEqual({ kind: 'all' });
  });
});

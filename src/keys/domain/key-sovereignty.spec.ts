import { decideDekRead, dekPlacementProblem, mayWriteDek } from './key-sovereignty';

const topic = { name: 'orders', jurisdiction: 'EU', ownerTeam: 'shop' };

describe('sovereign keys', () => {
  it('places a DEK only under a KEK of its topic’s jurisdiction, naming both otherwise', () => {
    expect(dekPlacementProblem({ name: 'eu', jurisdiction: 'EU' }, 'orders-value', topic)).toBeUndefined();
    expect(dekPlacementProblem({ name: 'ch', jurisdiction: 'CH' }, 'orders-value', topic)).toMatch(
      /jurisdiction EU.*'ch' declares jurisdiction CH/,
    );
    expect(dekPlacementProblem({ name: 'eu', jurisdiction: 'EU' }, 'loose', undefined)).toMatch(/no catalogued topic/);
  });

  it('serves DEKs to the owning team and to READ grantees; roles give none', () => {
    expect(decideDekRead(['shop'], 'orders-value', topic, false)).toEqual({ allowed: true, via: 'owner-team' });
    expect(decideDekRead(['fraud'], 'orders-value', topic, true)).toEqual({ allowed: true, via: 'read-grant' });
    expect(decideDekRead(['fraud'], 'orders-value', topic, false)).toMatchObject({ allowed: false });
    expect(decideDekRead(['shop'], 'loose', undefined, true)).toMatchObject({ allowed: false });
  });

  it('lets the owning team and admins write DEKs', () => {
    expect(mayWriteDek(['shop'], false, topic)).toBe(true);
    expect(mayWriteDek(['fraud'], false, topic)).toBe(false);
    expect(mayWriteDek([], true, undefined)).toBe(true);
  });
});

import { dependencyOrder } from './table-order';

describe('dependencyOrder', () => {
  it('puts referenced tables first, ties by name', () => {
    const order = dependencyOrder(
      ['topic', 'team_member', 'team', 'audit_log', 'grant'],
      [
        { child: 'team_member', parent: 'team' },
        { child: 'topic', parent: 'team' },
        { child: 'grant', parent: 'topic' },
        { child: 'grant', parent: 'team' },
      ],
    );
    expect(order).toEqual(['audit_log', 'team', 'team_member', 'topic', 'grant']);
  });

  it('ignores self references and keys to tables outside the set', () => {
    expect(
      dependencyOrder(
        ['topic', 'team'],
        [
          { child: 'topic', parent: 'topic' },
          { child: 'topic', parent: 'team' },
          { child: 'team', parent: 'elsewhere' },
        ],
      ),
    ).toEqual(['team', 'topic']);
  });

  it('reports a cycle between tables by name', () => {
    expect(() =>
      dependencyOrder(
        ['a', 'b', 'c'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toThrow('foreign keys form a cycle between a, b');
  });
});

import { requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request id', () => {
  it("keeps a caller's short, safe id", () => {
    for (const id of ['trace-42', 'a', 'A.b_c:d-9', 'x'.repeat(64), '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']) {
      expect(requestIdOf(id)).toBe(id);
    }
  });

  it('replaces a missing, long or unsafe id with a fresh one', () => {
    for (const id of [undefined, '', 'x'.repeat(65), 'a b', 'a\nb', '{"level":50}', 'ünï', 'a/b', 'a%0a', ['a', 'b']]) {
      expect(requestIdOf(id)).toMatch(UUID);
    }
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});

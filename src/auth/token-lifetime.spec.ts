import { apiTokenExpiry, jwtLifetimeProblem } from './token-lifetime';

const NOW = 1_800_000_000;
const DAY = 86_400;

describe('jwtLifetimeProblem', () => {
  it('refuses a token without exp', () => {
    expect(jwtLifetimeProblem({ iat: NOW }, NOW, DAY)).toMatch(/no 'exp' claim/);
    expect(jwtLifetimeProblem({}, NOW, DAY)).toMatch(/no 'exp' claim/);
  });

  it('refuses exp or iat that are not numbers', () => {
    expect(jwtLifetimeProblem({ exp: '9999999999' }, NOW, DAY)).toMatch(/'exp' claim is not a number/);
    expect(jwtLifetimeProblem({ exp: NOW + 60, iat: 'yesterday' }, NOW, DAY)).toMatch(/'iat' claim is not a number/);
  });

  it('measures exp - iat when iat is given', () => {
    expect(jwtLifetimeProblem({ iat: NOW - 60, exp: NOW - 60 + DAY }, NOW, DAY)).toBeUndefined();
    expect(jwtLifetimeProblem({ iat: NOW - 60, exp: NOW - 60 + DAY + 1 }, NOW, DAY)).toMatch(/more than the 86400 s allowed/);
    // Issued long ago with a long life: refused even though little of it remains.
    expect(jwtLifetimeProblem({ iat: NOW - 30 * DAY, exp: NOW + 60 }, NOW, DAY)).toMatch(/more than/);
  });

  it('measures exp - now when there is no iat', () => {
    expect(jwtLifetimeProblem({ exp: NOW + DAY }, NOW, DAY)).toBeUndefined();
    expect(jwtLifetimeProblem({ exp: NOW + DAY + 1 }, NOW, DAY)).toMatch(/more than/);
  });

  it('does not let an iat in the future shorten a far exp', () => {
    expect(jwtLifetimeProblem({ iat: NOW + 365 * DAY, exp: NOW + 365 * DAY + 60 }, NOW, DAY)).toMatch(/more than/);
  });
});

describe('apiTokenExpiry', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('gives a token without expiry the longest allowed life', () => {
    expect(apiTokenExpiry(undefined, now, 365)).toEqual(new Date('2027-12-01T00:00:00Z'));
  });

  it('keeps an expiry within the maximum and refuses one beyond it', () => {
    const soon = new Date('2027-01-01T00:00:00Z');
    expect(apiTokenExpiry(soon, now, 365)).toBe(soon);
    expect(apiTokenExpiry(new Date('2027-12-01T00:00:00Z'), now, 365)).toEqual(new Date('2027-12-01T00:00:00Z'));
    expect(apiTokenExpiry(new Date('2027-12-01T00:00:01Z'), now, 365)).toEqual({
      problem: expect.stringContaining('at most 365 days ahead'),
    });
  });
});

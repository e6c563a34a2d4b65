export const ROLES = ['admin', 'steward'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is making a request. Every request carries one; without credentials it is the anonymous
 * principal, which may read only what the configuration opens to anonymous readers.
 */
export interface Principal {
  readonly authenticated: boolean;
  readonly username: string;
  /** Team slugs: memberships recorded in Charter plus those the token or JWT claims carry. */
  readonly teams: readonly string[];
  readonly roles: readonly Role[];
  readonly via: 'api-token' | 'jwt' | 'anonymous' | 'system';
  readonly tokenId?: string;
}

export const ANONYMOUS: Principal = Object.freeze<Principal>({
  authenticated: false,
  username: 'anonymous',
  teams: [],
  roles: [],
  via: 'anonymous',
});

/** Charter itself, acting for an operator at the command line or at first start. */
export const SYSTEM: Principal = Object.freeze<Principal>({
  authenticated: true,
  username: 'charter-system',
  teams: [],
  roles: ['admin'],
  via: 'system',
});

export const isAdmin = (p: Principal) => p.roles.includes('admin');
export const isSteward = (p: Principal) => p.roles.includes('steward');
export const isMemberOf = (p: Principal, teamSlug: string) => p.teams.includes(teamSlug);

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

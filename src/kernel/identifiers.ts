/**
 * The shapes of names that appear in several places (inputs, services, tokens, JWT claims), kept
 * here once. The database repeats the slug rule as a CHECK constraint (`team_slug_format`).
 */
export const TEAM_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const TEAM_SLUG_RULE = 'must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit';

export const USERNAME = /^[A-Za-z0-9._@:+-]{1,200}$/;
export const USERNAME_RULE = 'must be 1-200 letters, digits or . _ @ : + -';

import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8081);
    expect(config.dataDir).toBe('./data');
    expect(config.database.url).toBeUndefined();
    expect(config.anonymousRegistryReads).toBe(true);
    expect(config.jurisdictions).toContain('EU');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a number'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CHARTER_BOOTSTRAP_TOKEN: 'short' }, 'CHARTER_BOOTSTRAP_TOKEN: must be at least 24 characters'],
    [{ CHARTER_ANONYMOUS_REGISTRY_READS: 'maybe' }, 'CHARTER_ANONYMOUS_REGISTRY_READS: must be true or false'],
    [{ CHARTER_JWT_JWKS_URL: 'https://idp/jwks', CHARTER_JWT_JWKS_FILE: '/x' }, 'set only one of'],
  ])('rejects %j naming the variable and the rule', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads JWT settings only when a key set is configured', () => {
    expect(loadConfig({}).jwt).toBeUndefined();
    const jwt = loadConfig({ CHARTER_JWT_JWKS_FILE: '/keys.json', CHARTER_JWT_TEAMS_CLAIM: 'teams' }).jwt;
    expect(jwt).toMatchObject({ jwksFile: '/keys.json', teamsClaim: 'teams', userClaim: 'sub' });
  });
});

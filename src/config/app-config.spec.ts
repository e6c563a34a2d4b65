import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8081);
    expect(config.dataDir).toBe('./data');
    expect(config.database.url).toBeUndefined();
    expect(config.anonymousRegistryReads).toBe(true);
    expect(config.schemaReadsRequireGrant).toBe('off');
    expect(config.jurisdictions).toContain('EU');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a number'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CHARTER_BOOTSTRAP_TOKEN: 'short' }, 'CHARTER_BOOTSTRAP_TOKEN: must be at least 24 characters'],
    [{ CHARTER_ANONYMOUS_REGISTRY_READS: 'maybe' }, 'CHARTER_ANONYMOUS_REGISTRY_READS: must be true or false'],
    [{ CHARTER_SCHEMA_READS_REQUIRE_GRANT: 'all' }, 'CHARTER_SCHEMA_READS_REQUIRE_GRANT: must be off or restricted'],
    [{ CHARTER_JWT_JWKS_URL: 'https://idp/jwks', CHARTER_JWT_JWKS_FILE: '/x' }, 'set only one of'],
    [{ CHARTER_BOOTSTRAP_TOKEN: 'a-long-admin-token-without-prefix' }, "CHARTER_BOOTSTRAP_TOKEN: must start with 'chr_'"],
    [
      { CHARTER_BOOTSTRAP_TOKEN: 'chr_a long admin token with spaces' },
      'CHARTER_BOOTSTRAP_TOKEN: must hold only printable ASCII characters without spaces',
    ],
    [{ CHARTER_JWT_MAX_LIFETIME_SECONDS: '10' }, 'CHARTER_JWT_MAX_LIFETIME_SECONDS: must be at least 60'],
    [{ CHARTER_API_TOKEN_MAX_LIFETIME_DAYS: '0' }, 'CHARTER_API_TOKEN_MAX_LIFETIME_DAYS: must be at least 1'],
  ])('rejects %j naming the variable and the rule', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts a bootstrap token with the API-token prefix', () => {
    expect(loadConfig({ CHARTER_BOOTSTRAP_TOKEN: 'chr_0123456789abcdefghijklmnop' }).bootstrapToken).toBe('chr_0123456789abcdefghijklmnop');
  });

  it('states every problem on one line and never repeats the refused value', () => {
    const secret = 'not-a-charter-token-but-a-secret';
    try {
      loadConfig({ CHARTER_BOOTSTRAP_TOKEN: secret, PORT: 'eighty' });
      throw new Error('loadConfig accepted the values');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).not.toContain('\n');
      expect((err as Error).message).toContain('PORT: must be a number; CHARTER_BOOTSTRAP_TOKEN');
      expect((err as Error).message).not.toContain(secret);
    }
  });

  it('bounds token lifetimes by default', () => {
    const config = loadConfig({ CHARTER_JWT_JWKS_FILE: '/keys.json' });
    expect(config.jwt?.maxLifetimeSeconds).toBe(86_400);
    expect(config.apiTokenMaxLifetimeDays).toBe(365);
    expect(loadConfig({ CHARTER_JWT_JWKS_FILE: '/k', CHARTER_JWT_MAX_LIFETIME_SECONDS: '3600' }).jwt?.maxLifetimeSeconds).toBe(3600);
  });

  it('reads JWT settings only when a key set is configured', () => {
    expect(loadConfig({}).jwt).toBeUndefined();
    const jwt = loadConfig({ CHARTER_JWT_JWKS_FILE: '/keys.json', CHARTER_JWT_TEAMS_CLAIM: 'teams' }).jwt;
    expect(jwt).toMatchObject({ jwksFile: '/keys.json', teamsClaim: 'teams', userClaim: 'sub' });
  });
});

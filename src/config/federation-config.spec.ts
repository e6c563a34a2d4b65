import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  return [];
};

describe('federation configuration', () => {
  it('reads where the deployment runs and names AUTO contexts after it', () => {
    const c = loadConfig({ CHARTER_JURISDICTION: 'EU', CHARTER_REGION: 'eu-west-1' });
    expect(c.federation).toMatchObject({ jurisdiction: 'EU', region: 'eu-west-1', instanceName: 'eu' });
    expect(loadConfig({ CHARTER_INSTANCE_NAME: 'frankfurt' }).federation.instanceName).toBe('frankfurt');
    expect(loadConfig({}).federation).toMatchObject({ jurisdiction: undefined, instanceName: 'charter', exporter: { allowedHosts: [] } });
  });

  it('refuses a jurisdiction the deployment does not know, a malformed region and a short credentials key', () => {
    expect(problemsOf({ CHARTER_JURISDICTION: 'XX' })).toEqual([
      expect.stringMatching(/^CHARTER_JURISDICTION: must be one of CHARTER_JURISDICTIONS/),
    ]);
    expect(problemsOf({ CHARTER_REGION: 'EU West' })).toEqual([expect.stringMatching(/^CHARTER_REGION:/)]);
    expect(problemsOf({ CHARTER_EXPORTER_CREDENTIALS_KEY: 'c2hvcnQ=' })).toEqual([
      expect.stringMatching(/^CHARTER_EXPORTER_CREDENTIALS_KEY:/),
    ]);
  });
});

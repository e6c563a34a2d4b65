import { ConfigError, loadConfig } from './app-config';

describe('access and webhook settings', () => {
  it('defaults: EU/EEA adequacy transfers, flag only, daily bounds, one-second webhook polling', () => {
    const config = loadConfig({});
    expect(config.access).toMatchObject({
      suspendOnPolicyChange: false,
      defaultMaxGrantDays: 365,
      expiryJobIntervalMs: 60_000,
      expiryWarningDays: 7,
    });
    expect(config.access.allowedTransfers).toContainEqual({ from: 'EU', to: 'UK' });
    expect(config.access.allowedTransfers).toContainEqual({ from: 'UK', to: 'EU' });
    expect(config.access.allowedTransfers).not.toContainEqual({ from: 'EU', to: 'US' });
    expect(config.webhooks).toEqual({
      pollIntervalMs: 1000,
      timeoutMs: 10_000,
      backoffBaseMs: 1000,
      backoffMaxMs: 3_600_000,
      maxAttempts: 12,
      allowPrivateAddresses: false,
      retentionDays: 7,
    });
  });

  it('reads the webhook address guard and the outbox retention', () => {
    const config = loadConfig({ CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', CHARTER_WEBHOOK_RETENTION_DAYS: '90' });
    expect(config.webhooks).toMatchObject({ allowPrivateAddresses: true, retentionDays: 90 });
  });

  it('reads transfer rules and flags', () => {
    const config = loadConfig({ CHARTER_ALLOWED_TRANSFERS: 'EU<>US, UK>CH', CHARTER_SUSPEND_ON_POLICY_CHANGE: 'true' });
    expect(config.access.allowedTransfers).toEqual([
      { from: 'EU', to: 'US' },
      { from: 'US', to: 'EU' },
      { from: 'UK', to: 'CH' },
    ]);
    expect(config.access.suspendOnPolicyChange).toBe(true);
  });

  it.each([
    [
      { CHARTER_ALLOWED_TRANSFERS: 'EU<>MARS' },
      "CHARTER_ALLOWED_TRANSFERS: 'EU<>MARS' names 'MARS', which is not in CHARTER_JURISDICTIONS",
    ],
    [{ CHARTER_ALLOWED_TRANSFERS: 'EU->US' }, "CHARTER_ALLOWED_TRANSFERS: 'EU->US' is not a transfer rule"],
    [{ CHARTER_SUSPEND_ON_POLICY_CHANGE: 'sometimes' }, 'CHARTER_SUSPEND_ON_POLICY_CHANGE: must be true or false'],
    [{ CHARTER_DEFAULT_MAX_GRANT_DAYS: '0' }, 'CHARTER_DEFAULT_MAX_GRANT_DAYS: must be at least 1'],
    [{ CHARTER_EXPIRY_JOB_INTERVAL_MS: 'soon' }, 'CHARTER_EXPIRY_JOB_INTERVAL_MS: must be a number'],
    [{ CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'maybe' }, 'CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: must be true or false'],
    [{ CHARTER_WEBHOOK_RETENTION_DAYS: '0' }, 'CHARTER_WEBHOOK_RETENTION_DAYS: must be at least 1'],
    [{ CHARTER_WEBHOOK_RETENTION_DAYS: 'a week' }, 'CHARTER_WEBHOOK_RETENTION_DAYS: must be a number'],
    [{ CHARTER_WEBHOOK_MAX_ATTEMPTS: '1000' }, 'CHARTER_WEBHOOK_MAX_ATTEMPTS: must be at most 100'],
    [
      { CHARTER_WEBHOOK_BACKOFF_BASE_MS: '5000', CHARTER_WEBHOOK_BACKOFF_MAX_MS: '1000' },
      'CHARTER_WEBHOOK_BACKOFF_MAX_MS: must be at least CHARTER_WEBHOOK_BACKOFF_BASE_MS',
    ],
  ])('rejects %j naming the variable and the rule', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

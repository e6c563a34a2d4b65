import { z } from 'zod';
import { DEFAULT_ALLOWED_TRANSFERS, parseTransferRules, TransferRule } from '../access/domain/transfer-rules';
import { booleanFlag, commaList, wholeNumber } from './env-values';

/** Settings of the access workflow and its webhooks; part of the one validated AppConfig. */
export const accessConfigShape = {
  /** Jurisdiction pairs that need no legal basis: `A<>B` both ways, `A>B` one way. */
  CHARTER_ALLOWED_TRANSFERS: commaList.default([...DEFAULT_ALLOWED_TRANSFERS]),
  /** Suspend (not only flag) grants that a topic change makes illegitimate. */
  CHARTER_SUSPEND_ON_POLICY_CHANGE: booleanFlag.default(false),
  /** Longest grant when a topic sets no max_grant_days. */
  CHARTER_DEFAULT_MAX_GRANT_DAYS: wholeNumber(1, 3650).default(365),
  /** How often each replica runs the expiry job; 0 turns it off on this replica. */
  CHARTER_EXPIRY_JOB_INTERVAL_MS: wholeNumber(0, 86_400_000).default(60_000),
  /** Days before a grant's end when the teams are told it is expiring; 0 sends no warning. */
  CHARTER_EXPIRY_WARNING_DAYS: wholeNumber(0, 365).default(7),
  /** How often each replica looks for webhook deliveries; 0 turns delivery off on this replica. */
  CHARTER_WEBHOOK_POLL_INTERVAL_MS: wholeNumber(0, 3_600_000).default(1_000),
  CHARTER_WEBHOOK_TIMEOUT_MS: wholeNumber(100, 120_000).default(10_000),
  CHARTER_WEBHOOK_BACKOFF_BASE_MS: wholeNumber(10, 3_600_000).default(1_000),
  CHARTER_WEBHOOK_BACKOFF_MAX_MS: wholeNumber(10, 86_400_000).default(3_600_000),
  CHARTER_WEBHOOK_MAX_ATTEMPTS: wholeNumber(1, 100).default(12),
  /** Let webhooks reach loopback, private and link-local addresses (off: they could reach internal services). */
  CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: booleanFlag.default(false),
  /** Days a delivered webhook stays in the outbox before the delivery worker deletes it. */
  CHARTER_WEBHOOK_RETENTION_DAYS: wholeNumber(1, 3650).default(7),
};

type AccessRaw = { [K in keyof typeof accessConfigShape]: z.output<(typeof accessConfigShape)[K]> };

export interface AccessConfig {
  allowedTransfers: TransferRule[];
  suspendOnPolicyChange: boolean;
  defaultMaxGrantDays: number;
  expiryJobIntervalMs: number;
  expiryWarningDays: number;
}

export interface WebhookConfig {
  pollIntervalMs: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
  allowPrivateAddresses: boolean;
  /** Delivered outbox rows older than this are deleted; failed ones after max(30, this) days. */
  retentionDays: number;
}

/** Cross-field rules: transfer pairs name known jurisdictions; the backoff cap is above its base. */
export function checkAccessConfig(c: AccessRaw & { CHARTER_JURISDICTIONS: string[] }, ctx: z.RefinementCtx) {
  for (const problem of parseTransferRules(c.CHARTER_ALLOWED_TRANSFERS, c.CHARTER_JURISDICTIONS).problems) {
    ctx.addIssue({ code: 'custom', path: ['CHARTER_ALLOWED_TRANSFERS'], message: problem });
  }
  if (c.CHARTER_WEBHOOK_BACKOFF_MAX_MS < c.CHARTER_WEBHOOK_BACKOFF_BASE_MS) {
    ctx.addIssue({ code: 'custom', path: ['CHARTER_WEBHOOK_BACKOFF_MAX_MS'], message: 'must be at least CHARTER_WEBHOOK_BACKOFF_BASE_MS' });
  }
}

export function accessConfigOf(c: AccessRaw & { CHARTER_JURISDICTIONS: string[] }): { access: AccessConfig; webhooks: WebhookConfig } {
  return {
    access: {
      allowedTransfers: parseTransferRules(c.CHARTER_ALLOWED_TRANSFERS, c.CHARTER_JURISDICTIONS).rules ?? [],
      suspendOnPolicyChange: c.CHARTER_SUSPEND_ON_POLICY_CHANGE,
      defaultMaxGrantDays: c.CHARTER_DEFAULT_MAX_GRANT_DAYS,
      expiryJobIntervalMs: c.CHARTER_EXPIRY_JOB_INTERVAL_MS,
      expiryWarningDays: c.CHARTER_EXPIRY_WARNING_DAYS,
    },
    webhooks: {
      pollIntervalMs: c.CHARTER_WEBHOOK_POLL_INTERVAL_MS,
      timeoutMs: c.CHARTER_WEBHOOK_TIMEOUT_MS,
      backoffBaseMs: c.CHARTER_WEBHOOK_BACKOFF_BASE_MS,
      backoffMaxMs: c.CHARTER_WEBHOOK_BACKOFF_MAX_MS,
      maxAttempts: c.CHARTER_WEBHOOK_MAX_ATTEMPTS,
      allowPrivateAddresses: c.CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      retentionDays: c.CHARTER_WEBHOOK_RETENTION_DAYS,
    },
  };
}

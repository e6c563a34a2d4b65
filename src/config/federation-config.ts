import { z } from 'zod';
import { booleanFlag, commaList, wholeNumber } from './env-values';

/**
 * Where this Charter runs, and how its schema exporters reach other registries; part of AppConfig.
 * CHARTER_JURISDICTION itself is read by the continuity section (backups are labelled with it).
 */
export const federationConfigShape = {
  /** Free text naming the region inside the jurisdiction (e.g. eu-west-1); shown with the jurisdiction. */
  CHARTER_REGION: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a region name of lower-case letters, digits and dashes, e.g. eu-west-1')
    .optional(),
  /**
   * The name other registries know this one by: AUTO exporters put its subjects into the context
   * `.<name>` on their destination. Defaults to the jurisdiction in lower case.
   */
  CHARTER_INSTANCE_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, dashes or underscores (it names a context)')
    .optional(),
  /** How often each replica looks for exporter work; 0 turns the exporter worker off on this replica. */
  CHARTER_EXPORTER_POLL_INTERVAL_MS: wholeNumber(0, 60_000).default(500),
  /** A replica holds an exporter's lease this long after its last renewal; another takes it over after. */
  CHARTER_EXPORTER_LEASE_MS: wholeNumber(1_000, 600_000).default(5_000),
  CHARTER_EXPORTER_TIMEOUT_MS: wholeNumber(100, 120_000).default(10_000),
  /**
   * Hosts an exporter may reach although they are loopback or private addresses (exact host names
   * or IP literals). Everything else must be public: an exporter URL is chosen by a user.
   */
  CHARTER_EXPORTER_ALLOWED_HOSTS: commaList.default([]),
  /** base64 of 32 random bytes: exporter credentials are stored encrypted with AES-256-GCM. */
  CHARTER_EXPORTER_CREDENTIALS_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'must be base64 of exactly 32 bytes (e.g. openssl rand -base64 32)',
    )
    .optional(),
  /** Also allow http:// destinations (off: only https:// unless the host is in CHARTER_EXPORTER_ALLOWED_HOSTS). */
  CHARTER_EXPORTER_ALLOW_HTTP: booleanFlag.default(true),
};

type FederationRaw = z.output<z.ZodObject<typeof federationConfigShape>> & {
  CHARTER_JURISDICTION?: string;
  CHARTER_JURISDICTIONS: string[];
};

export interface FederationConfig {
  /** The legal regime this deployment runs in (CHARTER_JURISDICTION); undefined when not declared. */
  jurisdiction?: string;
  region?: string;
  /** AUTO exporters name the destination context after this. */
  instanceName: string;
  exporter: {
    pollIntervalMs: number;
    leaseMs: number;
    timeoutMs: number;
    allowedHosts: string[];
    allowHttp: boolean;
    credentialsKey?: Buffer;
  };
}

/** The deployment's jurisdiction must be one the deployment knows. */
export function checkFederationConfig(c: FederationRaw, ctx: z.RefinementCtx) {
  if (c.CHARTER_JURISDICTION && !c.CHARTER_JURISDICTIONS.includes(c.CHARTER_JURISDICTION)) {
    ctx.addIssue({
      code: 'custom',
      path: ['CHARTER_JURISDICTION'],
      message: `must be one of CHARTER_JURISDICTIONS (${c.CHARTER_JURISDICTIONS.join(', ')})`,
    });
  }
}

export function federationConfigOf(c: FederationRaw): { federation: FederationConfig } {
  return {
    federation: {
      jurisdiction: c.CHARTER_JURISDICTION,
      region: c.CHARTER_REGION,
      instanceName: c.CHARTER_INSTANCE_NAME ?? (c.CHARTER_JURISDICTION ? c.CHARTER_JURISDICTION.toLowerCase() : 'charter'),
      exporter: {
        pollIntervalMs: c.CHARTER_EXPORTER_POLL_INTERVAL_MS,
        leaseMs: c.CHARTER_EXPORTER_LEASE_MS,
        timeoutMs: c.CHARTER_EXPORTER_TIMEOUT_MS,
        allowedHosts: c.CHARTER_EXPORTER_ALLOWED_HOSTS,
        allowHttp: c.CHARTER_EXPORTER_ALLOW_HTTP,
        credentialsKey: c.CHARTER_EXPORTER_CREDENTIALS_KEY ? Buffer.from(c.CHARTER_EXPORTER_CREDENTIALS_KEY, 'base64') : undefined,
      },
    },
  };
}

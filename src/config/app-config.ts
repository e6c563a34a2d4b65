import { z } from 'zod';
import { AccessConfig, accessConfigOf, accessConfigShape, checkAccessConfig, WebhookConfig } from './access-config';
import { checkContinuityConfig, ContinuityConfig, continuityConfigOf, continuityConfigShape } from './continuity-config';
import { booleanFlag, commaList, wholeNumber } from './env-values';
import { checkFederationConfig, FederationConfig, federationConfigOf, federationConfigShape } from './federation-config';
import { checkPortalConfig, PortalConfig, portalConfigOf, portalConfigShape } from './portal-config';
import { UsageConfig, usageConfigOf, usageConfigShape } from './usage-config';

/** Charter's own API tokens start with this; the authenticator tells them from JWTs by it. */
const API_TOKEN_PREFIX = 'chr_';
const DAY_SECONDS = 86_400;

export const DEFAULT_JURISDICTIONS = ['EU', 'EEA', 'UK', 'CH', 'US', 'CA', 'JP', 'AU', 'BR', 'IN', 'SG'];

/**
 * Every environment variable Charter reads, with its rule and default. This module is the only
 * reader of process.env (so that configuration has one reader); the rest of the code receives a typed AppConfig.
 */
export const appConfigSchema = z
  .object({
    PORT: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).max(65535).default(8081),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    CHARTER_DATA_DIR: z.string().min(1).default('./data'),
    // Checked here rather than at first use: a value that can never authenticate would otherwise be
    // stored as the only admin token. The messages never repeat the value.
    CHARTER_BOOTSTRAP_TOKEN: z
      .string()
      .min(24, 'must be at least 24 characters (it is an admin credential)')
      .startsWith(
        API_TOKEN_PREFIX,
        `must start with '${API_TOKEN_PREFIX}' (the prefix of Charter API tokens), e.g. ${API_TOKEN_PREFIX} followed by 32 random characters`,
      )
      .regex(/^[\x21-\x7e]*$/, 'must hold only printable ASCII characters without spaces (it is sent as a Bearer token)')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CHARTER_ANONYMOUS_REGISTRY_READS: booleanFlag.default(true),
    CHARTER_SCHEMA_READS_REQUIRE_GRANT: z.enum(['off', 'restricted'], { message: 'must be off or restricted' }).default('off'),
    CHARTER_UNCATALOGUED_SUBJECT_WRITES: z.enum(['admin', 'authenticated'], { message: 'must be admin or authenticated' }).default('admin'),
    CHARTER_JWT_JWKS_URL: z.url({ message: 'must be an http(s) URL' }).optional(),
    CHARTER_JWT_JWKS_FILE: z.string().min(1).optional(),
    CHARTER_JWT_ISSUER: z.string().min(1).optional(),
    CHARTER_JWT_AUDIENCE: z.string().min(1).optional(),
    CHARTER_JWT_USER_CLAIM: z.string().min(1).default('sub'),
    CHARTER_JWT_TEAMS_CLAIM: z.string().min(1).default('groups'),
    CHARTER_JWT_ROLES_CLAIM: z.string().min(1).default('roles'),
    CHARTER_JWT_MAX_LIFETIME_SECONDS: wholeNumber(60, 365 * DAY_SECONDS).default(DAY_SECONDS),
    CHARTER_API_TOKEN_MAX_LIFETIME_DAYS: wholeNumber(1, 3650).default(365),
    CHARTER_JURISDICTIONS: commaList.default(DEFAULT_JURISDICTIONS),
    CHARTER_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(8 * 1024 * 1024),
    CHARTER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    ...accessConfigShape,
    ...continuityConfigShape,
    ...federationConfigShape,
    ...usageConfigShape,
    ...portalConfigShape,
  })
  .superRefine(checkAccessConfig)
  .superRefine(checkContinuityConfig)
  .superRefine(checkFederationConfig)
  .superRefine(checkPortalConfig)
  .refine((c) => !(c.CHARTER_JWT_JWKS_URL && c.CHARTER_JWT_JWKS_FILE), {
    message: 'set only one of CHARTER_JWT_JWKS_URL and CHARTER_JWT_JWKS_FILE',
    path: ['CHARTER_JWT_JWKS_URL'],
  });

type RawConfig = z.infer<typeof appConfigSchema>;

export interface AppConfig {
  port: number;
  host: string;
  database: { url?: string; poolSize: number };
  dataDir: string;
  bootstrapToken?: string;
  logLevel: RawConfig['LOG_LEVEL'];
  anonymousRegistryReads: boolean;
  /** `restricted`: registry reads of RESTRICTED topics' schemas need membership of the owning team or a READ grant. */
  schemaReadsRequireGrant: 'off' | 'restricted';
  /** Who may write subjects that belong to no catalogued topic (references, legacy subjects). */
  uncataloguedSubjectWrites: 'admin' | 'authenticated';
  jwt?: {
    jwksUrl?: string;
    jwksFile?: string;
    issuer?: string;
    audience?: string;
    userClaim: string;
    teamsClaim: string;
    rolesClaim: string;
    /** Longest accepted span from `iat` (or now) to `exp`; tokens without `exp` are refused. */
    maxLifetimeSeconds: number;
  };
  /** Longest life of a new API token; tokens created without an expiry get this one. */
  apiTokenMaxLifetimeDays: number;
  jurisdictions: string[];
  maxBodyBytes: number;
  shutdownGraceMs: number;
  access: AccessConfig;
  webhooks: WebhookConfig;
  continuity: ContinuityConfig;
  federation: FederationConfig;
  usage: UsageConfig;
  portal: PortalConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    // One line, so that it stays one entry in any log collector.
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; a bad value throws a ConfigError naming the variable and the rule. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = appConfigSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const c = parsed.data;
  const jwksConfigured = c.CHARTER_JWT_JWKS_URL || c.CHARTER_JWT_JWKS_FILE;
  return {
    port: c.PORT,
    host: c.HOST,
    database: { url: c.DATABASE_URL, poolSize: c.DATABASE_POOL_SIZE },
    dataDir: c.CHARTER_DATA_DIR,
    bootstrapToken: c.CHARTER_BOOTSTRAP_TOKEN,
    logLevel: c.LOG_LEVEL,
    anonymousRegistryReads: c.CHARTER_ANONYMOUS_REGISTRY_READS,
    schemaReadsRequireGrant: c.CHARTER_SCHEMA_READS_REQUIRE_GRANT,
    uncataloguedSubjectWrites: c.CHARTER_UNCATALOGUED_SUBJECT_WRITES,
    jwt: jwksConfigured
      ? {
          jwksUrl: c.CHARTER_JWT_JWKS_URL,
          jwksFile: c.CHARTER_JWT_JWKS_FILE,
          issuer: c.CHARTER_JWT_ISSUER,
          audience: c.CHARTER_JWT_AUDIENCE,
          userClaim: c.CHARTER_JWT_USER_CLAIM,
          teamsClaim: c.CHARTER_JWT_TEAMS_CLAIM,
          rolesClaim: c.CHARTER_JWT_ROLES_CLAIM,
          maxLifetimeSeconds: c.CHARTER_JWT_MAX_LIFETIME_SECONDS,
        }
      : undefined,
    apiTokenMaxLifetimeDays: c.CHARTER_API_TOKEN_MAX_LIFETIME_DAYS,
    jurisdictions: c.CHARTER_JURISDICTIONS,
    maxBodyBytes: c.CHARTER_MAX_BODY_BYTES,
    shutdownGraceMs: c.CHARTER_SHUTDOWN_GRACE_MS,
    ...accessConfigOf(c),
    ...continuityConfigOf(c),
    ...federationConfigOf(c),
    ...usageConfigOf(c),
    ...portalConfigOf(c),
  };
}

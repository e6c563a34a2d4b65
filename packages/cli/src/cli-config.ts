import { z } from 'zod';
import { UsageError } from './cli-errors';

/** A bad CHARTER_URL or --url: exit code 2, worded as the server words its configuration errors. */
class ConfigError extends UsageError {
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Where the CI commands find the server; flags win over the environment. */
export interface ServerConnection {
  url: string;
  /** Sent as a bearer token, never printed. */
  token?: string;
}

export interface CliEnvironment {
  url?: string;
  token?: string;
  /** https://no-color.org: any value turns colour off even on a terminal. */
  noColor: boolean;
}

const cliEnvSchema = z.object({
  CHARTER_URL: z.url({ message: 'must be an http(s) URL, e.g. https://charter.example.com' }).optional(),
  CHARTER_TOKEN: z.string().min(1).optional(),
});

/** The CLI's own environment variables (this file is the CLI's only reader of process.env). */
export function loadCliEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = cliEnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return { url: parsed.data.CHARTER_URL, token: parsed.data.CHARTER_TOKEN, noColor: env.NO_COLOR !== undefined };
}

/** `--url`/`--token` over CHARTER_URL/CHARTER_TOKEN; a missing or malformed URL names both. */
export function resolveServerConnection(flags: { url?: string; token?: string }, env: CliEnvironment): ServerConnection {
  const raw = flags.url ?? env.url;
  if (!raw) throw new ConfigError(['--url or CHARTER_URL: the Charter server URL is required (or use --offline)']);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError([`--url: '${raw}' is not a URL; expected e.g. https://charter.example.com`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError([`--url: '${raw}' must use http or https`]);
  return { url: url.toString().replace(/\/+$/, ''), token: flags.token ?? env.token };
}

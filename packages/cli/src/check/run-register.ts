import { loadCliEnvironment, resolveServerConnection } from '../cli-config';
import { RegistryClient, subjectPath } from '../registry-client';
import { loadManifest } from './charter-manifest';
import { readSchemaText } from './local-schema';
import { SchemaTarget, selectTargets } from './schema-targets';

export interface RegisterOptions {
  url?: string;
  token?: string;
  manifest?: string;
  format: 'human' | 'json';
  timeout: number;
}

export interface Registration {
  file: string;
  subject: string;
  outcome: 'REGISTERED' | 'UNCHANGED' | 'FAILED';
  id?: number;
  version?: number;
  error?: string;
}

/** Files whose subjects others refer to go first, so references resolve on the server. */
export function referencedFirst(targets: SchemaTarget[]): SchemaTarget[] {
  const pending = [...targets];
  const ordered: SchemaTarget[] = [];
  while (pending.length > 0) {
    const waiting = new Set(pending.map((t) => t.subject));
    const index = pending.findIndex((t) => t.references.every((r) => !waiting.has(r.subject) || r.subject === t.subject));
    ordered.push(...pending.splice(index === -1 ? 0 : index, 1));
  }
  return ordered;
}

async function registerOne(target: SchemaTarget, client: RegistryClient): Promise<Registration> {
  const base = { file: target.file, subject: target.subject };
  const { text, problem } = readSchemaText(target);
  if (text === undefined) return { ...base, outcome: 'FAILED', error: problem!.message };
  const body = { schema: text, schemaType: target.schemaType, ...(target.references.length > 0 ? { references: target.references } : {}) };
  const path = `/subjects/${subjectPath(target.subject)}`;
  // Registering is idempotent on the server; the lookup first only tells "new" from "already there".
  const before = await client.post(path, body);
  if (before.status === 200) return { ...base, outcome: 'UNCHANGED', id: before.body.id, version: before.body.version };
  const registered = await client.post(`${path}/versions`, body);
  if (registered.status !== 200)
    return { ...base, outcome: 'FAILED', error: registered.body?.message ?? `the server answered ${registered.status}` };
  const after = await client.post(path, body);
  return { ...base, outcome: 'REGISTERED', id: registered.body.id, version: after.status === 200 ? after.body.version : undefined };
}

export function renderRegistrations(registrations: Registration[], format: 'human' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ registrations }, null, 2)}\n`;
  const lines = registrations.map((r) =>
    r.outcome === 'FAILED'
      ? `✖ ${r.file} → ${r.subject}: not registered: ${r.error}`
      : `✔ ${r.file} → ${r.subject}: id ${r.id}, version ${r.version ?? '?'} (${r.outcome === 'REGISTERED' ? 'registered' : 'already registered'})`,
  );
  return `${lines.join('\n')}\n`;
}

/** `charter register`: exit 0 when every file is registered (or already was), 1 otherwise. */
export async function runRegister(paths: string[], options: RegisterOptions, cwd = process.cwd()): Promise<number> {
  const connection = resolveServerConnection(options, loadCliEnvironment());
  const { targets } = selectTargets(paths, cwd, loadManifest(options.manifest, cwd));
  const client = new RegistryClient(connection, options.timeout * 1000);
  const registrations: Registration[] = [];
  for (const target of referencedFirst(targets)) registrations.push(await registerOne(target, client));
  process.stdout.write(renderRegistrations(registrations, options.format));
  return registrations.some((r) => r.outcome === 'FAILED') ? 1 : 0;
}

/** Registrations per second for `npm run bench:http`: concurrent clients, each adding compatible versions to its own subject. */
import { percentile } from './bench-support';

export interface RegistrationResult {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * `clients` clients register new versions for `seconds`, each into its own subject; every version
 * adds one optional field, which BACKWARD (the default) always accepts. Each client registers
 * version 1 before the clock starts, so that only new versions of existing subjects are counted.
 */
export async function registrations(url: string, token: string, clients: number, seconds: number): Promise<RegistrationResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.schemaregistry.v1+json' };
  const run = Date.now().toString(36);
  const register = async (client: number, fields: Array<Record<string, unknown>>) => {
    const body = JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'Growing', namespace: 'com.acme.bench', fields }) });
    const res = await fetch(`${url}/subjects/bench-http-${run}-${client}-value/versions`, { method: 'POST', headers, body });
    if (!res.ok) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const fieldsOf = Array.from({ length: clients }, () => [{ name: 'id', type: 'string' }] as Array<Record<string, unknown>>);
  await Promise.all(fieldsOf.map((fields, client) => register(client, fields)));

  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    fieldsOf.map(async (fields, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        fields.push({ name: `f${i}`, type: ['null', 'long'], default: null });
        const t = performance.now();
        await register(client, fields);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { count: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

import { invalidInput } from '../../../kernel/domain-error';

/**
 * A cluster's name is also its alias in MirrorMaker 2 configuration, where it prefixes property
 * keys (`<alias>.bootstrap.servers`) and mirrored topic names: no dots, nothing to escape.
 */
export const CLUSTER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const CLUSTER_NAME_RULE = 'must be 1-63 lower-case letters, digits, _ or -, starting with a letter or digit';
export const REGION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const REGION_RULE = 'must be 1-64 letters, digits, _ or -, e.g. eu-west-1';
export const MAX_ZONES = 20;
export const MAX_BOOTSTRAP_LENGTH = 2000;

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])$/;

/**
 * The bootstrap address as Kafka clients take it: `host:port` entries separated by commas. It is
 * catalogued as plain text, so anything that looks like a credential (`user:pass@`) or a URL is
 * refused rather than stored. Returns the normalised list (spaces around commas dropped).
 */
export function checkBootstrapServers(text: string): string {
  const field = 'bootstrapServers';
  if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_BOOTSTRAP_LENGTH) {
    throw invalidInput(field, 'required-text', `'${field}' is required: 1 to ${MAX_BOOTSTRAP_LENGTH} characters.`);
  }
  const entries = text.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const match = /^(.*):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : 0;
    if (!match || !HOST.test(match[1]) || port < 1 || port > 65535) {
      throw invalidInput(
        field,
        'host-port-list',
        `'${field}' must be host:port entries separated by commas (e.g. kafka-1.eu.example:9092,kafka-2.eu.example:9092), ` +
          `with no scheme or credentials; '${entry.slice(0, 100)}' is not one.`,
      );
    }
  }
  return entries.join(',');
}

export function checkZones(zones: readonly string[]): string[] {
  if (zones.length > MAX_ZONES)
    throw invalidInput('availabilityZones', 'max-count', `'availabilityZones' holds at most ${MAX_ZONES} zones.`);
  for (const zone of zones) {
    if (!REGION.test(zone)) throw invalidInput('availabilityZones', 'zone-format', `each of 'availabilityZones' ${REGION_RULE}.`);
  }
  return [...new Set(zones)];
}

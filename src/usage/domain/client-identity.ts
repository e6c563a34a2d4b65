/** Longest User-Agent kept: enough for every serializer's name and version, too short to smuggle data. */
export const MAX_USER_AGENT = 200;
/** Longest `X-Client-Id` kept: an application's self-chosen name. */
export const MAX_CLIENT_ID = 100;

export interface ClientIdentity {
  userAgent: string;
  clientId: string;
}

/**
 * Who the client says it is, from two headers only, cut to a bounded length with control
 * characters removed: it ends up in a table, a CSV and a webhook. Nothing else of a request is kept.
 */
export function clientIdentityOf(userAgent: unknown, clientId: unknown): ClientIdentity {
  return { userAgent: cleaned(userAgent, MAX_USER_AGENT), clientId: cleaned(clientId, MAX_CLIENT_ID) };
}

function cleaned(value: unknown, max: number): string {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text === '') return '';
  const printable = /[\u0000-\u001f\u007f]/.test(text) ? text.replace(/[\u0000-\u001f\u007f]/g, '') : text;
  return printable.trim().slice(0, max);
}

import { invalidInput } from '../../kernel/domain-error';
import { hostOf, hostRefusal, Resolve, systemResolve } from './webhook-address-guard';

export interface WebhookUrlRules {
  /** The operator's CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES. */
  allowPrivateAddresses: boolean;
  resolve?: Resolve;
}

/**
 * Checks a webhook URL a team sets: absolute http(s), no credentials, and (unless the operator
 * allows private receivers) a host that is or resolves only to public addresses. Delivery checks
 * the address again, since what a name resolves to can change after this check.
 */
export async function checkWebhookUrl(url: string, rules: WebhookUrlRules): Promise<void> {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || url.length > 2000) {
    throw invalidInput('url', 'http-url', "'url' must be an absolute http:// or https:// URL of at most 2000 characters.");
  }
  if (parsed.username || parsed.password) {
    throw invalidInput('url', 'no-credentials', "'url' must not carry credentials; the signature authenticates Charter to the receiver.");
  }
  if (rules.allowPrivateAddresses) return;
  const host = hostOf(parsed);
  let refusal: string | null;
  try {
    refusal = await hostRefusal(host, rules.resolve ?? systemResolve);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw invalidInput('url', 'resolvable', `'url' names host '${host}', which does not resolve (${code}).`);
  }
  if (refusal) {
    throw invalidInput(
      'url',
      'public-address',
      `'url' must reach a public address: ${refusal}. Receivers on internal networks need the operator setting CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES.`,
    );
  }
}

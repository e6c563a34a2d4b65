import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { AddressRefusedError, hostOf, publicOnlyLookup, refusalOf } from './webhook-address-guard';

export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Refuse hosts that are or resolve to non-public addresses (the SSRF guard). */
  publicOnly: boolean;
}

/** The receiver did not answer in time. */
export class WebhookTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'WebhookTimeoutError';
  }
}

/**
 * POSTs one webhook and resolves with the receiver's status. node:http rather than fetch because
 * fetch cannot check the address it connects to; redirects are not followed (a redirect could
 * lead anywhere), so a 3xx is an unsuccessful answer like any other.
 */
export function postWebhook(url: string, post: WebhookPost): Promise<number> {
  const target = new URL(url);
  const host = hostOf(target);
  if (post.publicOnly && isIP(host)) {
    const refusal = refusalOf(host, [host]);
    if (refusal) return Promise.reject(new AddressRefusedError(refusal));
  }
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
        lookup: post.publicOnly ? publicOnlyLookup : undefined,
      },
      (res) => {
        clearTimeout(timer);
        // Only the status matters; the body is dropped rather than read from a receiver that may stall.
        res.destroy();
        resolve(res.statusCode ?? 0);
      },
    );
    const timer = setTimeout(() => req.destroy(new WebhookTimeoutError(post.timeoutMs)), post.timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(post.body);
  });
}

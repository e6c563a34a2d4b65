import { ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { MAX_RESPONSE_BYTES } from './document-limits';

interface Serialised {
  errors: unknown;
  extensions: unknown;
  text: string;
}

/** Texts serialised while checking their size, so that each response is stringified once. */
const serialised = new WeakMap<object, Serialised>();

/** Apollo's own wire form: the fields in spec order, then a newline. */
function serialise(result: FormattedExecutionResult): string {
  return JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions }) + '\n';
}

function tooLarge(text: string, limit: number): boolean {
  // A UTF-16 code unit is at most three UTF-8 bytes: most texts need no byte count.
  return text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text) > limit);
}

/**
 * Replaces a response over `limit` bytes with an error instead of sending it. The check
 * serialises the result once; `stringifyResponse` then reuses that text.
 */
export function responseSizePlugin(limit = MAX_RESPONSE_BYTES): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.data) return;
          const text = serialise(result);
          if (!tooLarge(text, limit)) {
            serialised.set(result.data, { errors: result.errors, extensions: result.extensions, text });
            return;
          }
          response.body.singleResult = {
            errors: [
              {
                message: `The response would be ${Buffer.byteLength(text)} bytes; the limit is ${limit}. Ask for fewer items, smaller pages or fewer fields.`,
                extensions: { code: 'RESPONSE_TOO_LARGE', limit },
              },
            ],
          };
          response.http.status = 400;
        },
      };
    },
  };
}

/** Apollo's `stringifyResult`: the text the size check made, or a fresh one. */
export function stringifyResponse(result: FormattedExecutionResult): string {
  const done = result.data ? serialised.get(result.data) : undefined;
  if (done && done.errors === result.errors && done.extensions === result.extensions) return done.text;
  return serialise(result);
}

import { ApolloServerPlugin } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from '../continuity/database-failure';

/**
 * A GraphQL answer whose errors say the store is unavailable is sent with HTTP 503 and
 * `Retry-After`, so load balancers and clients see an outage as one, not as a 200 with errors.
 * Set on the way out because errors from field resolvers get their code only when formatted.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
          if (!unavailable) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

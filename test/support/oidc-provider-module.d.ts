// oidc-provider ships no type declarations; these cover what the test provider uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface ProviderEvents {
    on(event: 'server_error', listener: (ctx: unknown, err: Error) => void): void;
  }

  export default class Provider implements ProviderEvents {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    listen(port: number, host: string, callback: () => void): Server;
    on(event: 'server_error', listener: (ctx: unknown, err: Error) => void): void;
  }
}

import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';

async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  // Nest drains in-flight requests and closes the pool on these signals; this bounds how long.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.shutdownGraceMs).unref());
  }
}

main().catch((err) => {
  // A configuration error is the operator's to fix: say which variable and why, without a stack.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

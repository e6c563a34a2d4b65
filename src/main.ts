import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { createProcessLogger, logUnhandledErrors } from './operations/log-options';

// Everything the process says outside a request is one JSON line through the same redacting
// serializers as the application's log: no raw stack, no SQL parameter, no credential.
const processLogger = createProcessLogger();
logUnhandledErrors(processLogger);

async function main() {
  const config = loadConfig();
  processLogger.level = config.logLevel;
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  // Nest drains in-flight requests and closes the pool on these signals; this bounds how long.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.shutdownGraceMs).unref());
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    // The operator's to fix: which variable and which rule, on one line, without a stack.
    processLogger.fatal({ problems: err.problems }, err.message);
  } else {
    processLogger.fatal({ err }, 'Charter failed to start');
  }
  process.exit(1);
});

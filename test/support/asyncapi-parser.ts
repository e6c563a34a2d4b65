import { Worker } from 'node:worker_threads';

export interface AsyncApiDiagnostic {
  severity: number;
  code: string;
  message: string;
  path: string[];
}

export interface ParsedAsyncApi {
  diagnostics: AsyncApiDiagnostic[];
  /** The document with every `$ref` resolved, when it parsed. */
  resolved?: any;
}

// The parser is CPU-bound for seconds. In the test process it would stall the server that runs
// there too, and sockets time out under it; a worker thread leaves the server responsive.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Parser } = require(workerData.parserPath);
new Parser().parse(workerData.text).then(
  ({ document, diagnostics }) => parentPort.postMessage({
    diagnostics: diagnostics.map((d) => ({ severity: d.severity, code: String(d.code), message: d.message, path: d.path.map(String) })),
    resolved: document ? JSON.parse(JSON.stringify(document.json())) : undefined,
  }),
  (err) => parentPort.postMessage({ error: String((err && err.stack) || err) }),
);
`;

/** Parses and validates an AsyncAPI document with the official parser, off the main thread. */
export function parseAsyncApi(text: string): Promise<ParsedAsyncApi> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { text, parserPath: require.resolve('@asyncapi/parser') } });
    worker.once('message', (answer: ParsedAsyncApi & { error?: string }) => {
      void worker.terminate();
      if (answer.error) reject(new Error(answer.error));
      else resolve(answer);
    });
    worker.once('error', reject);
  });
}

/** Error-severity diagnostics as readable lines: `[]` for a valid document. */
export async function asyncApiErrors(text: string): Promise<string[]> {
  const { diagnostics } = await parseAsyncApi(text);
  return diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
}

/**
 * Failures that are not findings about the schemas: bad arguments, a bad manifest, a server that
 * cannot be reached. They end the run with exit code 2, so CI tells "fix the pipeline" apart from
 * "fix the schema" (exit code 1).
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

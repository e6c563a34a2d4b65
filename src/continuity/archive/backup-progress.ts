import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  increment(rows: number): void;
  stop(): void;
}

/** A progress bar on stderr for operators at a terminal; silent in pipes, logs and tests. */
export function progressBar(label: string, total: number, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled || total === 0) return { increment: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: (rows) => bar.increment(rows), stop: () => bar.stop() };
}

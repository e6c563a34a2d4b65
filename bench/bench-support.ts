/** Timing and printing shared by the benchmarks, so that every figure is measured the same way. */

/** Operations per second of `run`, after a warm-up, over at least `minMs`. */
export function perSecond(run: () => void, minMs = 1000): number {
  for (let i = 0; i < 200; i++) run();
  let count = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) run();
    count += 100;
    elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return (count * 1000) / elapsed;
}

/** Median wall time of `run` in milliseconds, after one warm-up run. */
export function medianMs(run: () => void, rounds = 15): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `a` compared with the reference `b`, where larger is better (rates). */
export function ratio(a: number, b: number): string {
  return a >= b ? `${(a / b).toFixed(1)}x faster` : `${(b / a).toFixed(1)}x slower`;
}

/** Prints a titled Markdown table, ready to paste into BENCHMARKS.md. */
export function printTable(title: string, rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(`\n${title} (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.slice(1).forEach((r) => console.log(line(r)));
}

/** The value below which `p` percent of `values` fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

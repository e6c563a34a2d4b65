import { Cron } from 'croner';

/**
 * The slot a job is due for at `now`: the latest time the cron expression matches at or before
 * `now` (a slot missed while no replica ran is still due when one starts). Every replica computes
 * the same slot, so the slot is the key under which exactly one of them runs it.
 */
export function dueSlot(expression: string, now: Date): Date | undefined {
  const cron = new Cron(expression, { paused: true });
  try {
    // previousRuns looks strictly before the date given; a match exactly at `now` counts as due.
    const [previous] = cron.previousRuns(1, new Date(now.getTime() + 1));
    return previous ?? undefined;
  } finally {
    cron.stop();
  }
}

export function nextSlot(expression: string, now: Date): Date | undefined {
  const cron = new Cron(expression, { paused: true });
  try {
    return cron.nextRun(now) ?? undefined;
  } finally {
    cron.stop();
  }
}

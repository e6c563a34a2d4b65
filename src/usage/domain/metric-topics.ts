export const OTHER_TOPICS = 'other';

/**
 * Which label a topic's reads get in the reads-per-topic counter, keeping the label set bounded:
 * up to `slots` topics get a label of their own, the rest share "other". A label, once given, is
 * kept for the life of the process, so every series only ever grows (a counter that moved reads
 * from "other" to a newly promoted topic would go down, which Prometheus reads as a reset).
 * Callers offer a flush's topics most-read first, so the busiest topics take the free slots.
 */
export class MetricTopics {
  private readonly labelled = new Set<string>();

  constructor(private readonly slots: number) {}

  /** The label `topic`'s reads count under. */
  labelOf(topic: string): string {
    if (this.labelled.has(topic)) return topic;
    if (this.labelled.size < this.slots) {
      this.labelled.add(topic);
      return topic;
    }
    return OTHER_TOPICS;
  }
}

/** Reads per topic of one batch, most-read first: the order in which topics are offered slots. */
export function busiestFirst(reads: ReadonlyArray<{ topic: string; reads: number }>): Array<{ topic: string; reads: number }> {
  const byTopic = new Map<string, number>();
  for (const r of reads) byTopic.set(r.topic, (byTopic.get(r.topic) ?? 0) + r.reads);
  return [...byTopic.entries()]
    .map(([topic, n]) => ({ topic, reads: n }))
    .sort((a, b) => b.reads - a.reads || (a.topic < b.topic ? -1 : 1));
}

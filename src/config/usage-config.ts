import { z } from 'zod';
import { booleanFlag, wholeNumber } from './env-values';

/** Settings of the observation of registry reads (who reads which schema); part of AppConfig. */
export const usageConfigShape = {
  /** Counting reads in memory costs a map update per read; off, nothing is observed at all. */
  CHARTER_USAGE_OBSERVE: booleanFlag.default(true),
  /** How often counted reads are written; also the most a kill -9 can lose. */
  CHARTER_USAGE_FLUSH_INTERVAL_MS: wholeNumber(50, 3_600_000).default(10_000),
  /** Distinct (reader, client, subject, schema, day) keys held between flushes; beyond it new keys are dropped and counted. */
  CHARTER_USAGE_MAX_PENDING_KEYS: wholeNumber(100, 10_000_000).default(100_000),
  CHARTER_USAGE_RETENTION_DAYS: wholeNumber(1, 3650).default(400),
  /** Topics with a label of their own in the reads-per-topic metric; the rest are counted as "other". */
  CHARTER_USAGE_METRIC_TOPICS: wholeNumber(0, 1000).default(20),
  /** Team slug whose webhook hears of shadow consumers of every topic (the data stewards' team). */
  CHARTER_STEWARD_TEAM: z.string().min(1).optional(),
};

type UsageRaw = z.output<z.ZodObject<typeof usageConfigShape>>;

export interface UsageConfig {
  observe: boolean;
  flushIntervalMs: number;
  maxPendingKeys: number;
  retentionDays: number;
  metricTopics: number;
  stewardTeam?: string;
}

export function usageConfigOf(c: UsageRaw): { usage: UsageConfig } {
  return {
    usage: {
      observe: c.CHARTER_USAGE_OBSERVE,
      flushIntervalMs: c.CHARTER_USAGE_FLUSH_INTERVAL_MS,
      maxPendingKeys: c.CHARTER_USAGE_MAX_PENDING_KEYS,
      retentionDays: c.CHARTER_USAGE_RETENTION_DAYS,
      metricTopics: c.CHARTER_USAGE_METRIC_TOPICS,
      stewardTeam: c.CHARTER_STEWARD_TEAM,
    },
  };
}

import { Cron } from 'croner';
import { z } from 'zod';
import { wholeNumber } from './env-values';

const DAY_SECONDS = 86_400;

/** Settings of backups, restore drills and the declared recovery objectives; part of AppConfig. */
export const continuityConfigShape = {
  /** The legal regime this deployment's data lives in; backups are labelled with it and kept in it. */
  CHARTER_JURISDICTION: z
    .string()
    .regex(/^[A-Z]{2,8}$/, 'must be an upper-case jurisdiction code such as EU, UK or US')
    .optional(),
  /** Directory the scheduled backups go to; unset turns scheduled backups off. */
  CHARTER_BACKUP_DIR: z.string().min(1).optional(),
  CHARTER_BACKUP_SCHEDULE: z.string().min(1).default('0 2 * * *'),
  CHARTER_BACKUP_RETENTION_DAYS: wholeNumber(1, 3650).default(30),
  /** The jurisdiction the backup directory is in (defaults to CHARTER_JURISDICTION). */
  CHARTER_BACKUP_JURISDICTION: z
    .string()
    .regex(/^[A-Z]{2,8}$/, 'must be an upper-case jurisdiction code such as EU, UK or US')
    .optional(),
  /** base64 of 32 random bytes; when set, backups are encrypted with AES-256-GCM. Never logged. */
  CHARTER_BACKUP_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'must be base64 of exactly 32 bytes (e.g. openssl rand -base64 32)',
    )
    .optional(),
  /** Cron expression for the restore drill; unset runs no scheduled drill. */
  CHARTER_DRILL_SCHEDULE: z.string().min(1).optional(),
  /** Team slug whose webhooks hear of a failed drill. */
  CHARTER_PLATFORM_TEAM: z.string().min(1).optional(),
  CHARTER_RPO_SECONDS: wholeNumber(0, 365 * DAY_SECONDS).default(DAY_SECONDS),
  CHARTER_RTO_SECONDS: wholeNumber(0, 365 * DAY_SECONDS).default(3_600),
  CHARTER_STORE_RPO_SECONDS: wholeNumber(0, 365 * DAY_SECONDS).optional(),
  CHARTER_STORE_RTO_SECONDS: wholeNumber(0, 365 * DAY_SECONDS).optional(),
  CHARTER_OUTBOX_RPO_SECONDS: wholeNumber(0, 365 * DAY_SECONDS).optional(),
  CHARTER_OUTBOX_RTO_SECONDS: wholeNumber(0, 365 * DAY_SECONDS).optional(),
};

type ContinuityRaw = z.output<z.ZodObject<typeof continuityConfigShape>>;

export interface Objectives {
  rpoSeconds: number;
  rtoSeconds: number;
}

export interface ContinuityConfig {
  jurisdiction?: string;
  backup: {
    dir?: string;
    schedule: string;
    retentionDays: number;
    jurisdiction?: string;
    /** The AES-256 key, or undefined for plain backups. Kept out of logs by never being printed. */
    key?: Buffer;
  };
  drillSchedule?: string;
  platformTeam?: string;
  objectives: { store: Objectives; outbox: Objectives };
}

function checkCron(ctx: z.RefinementCtx, name: string, expression: string | undefined) {
  if (!expression) return;
  try {
    new Cron(expression, { paused: true }).stop();
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: [name], message: `must be a cron expression (${(err as Error).message})` });
  }
}

/** Backups stay in the jurisdiction they came from: a target elsewhere stops the start-up. */
export function checkContinuityConfig(c: ContinuityRaw, ctx: z.RefinementCtx) {
  checkCron(ctx, 'CHARTER_BACKUP_SCHEDULE', c.CHARTER_BACKUP_SCHEDULE);
  checkCron(ctx, 'CHARTER_DRILL_SCHEDULE', c.CHARTER_DRILL_SCHEDULE);
  if (c.CHARTER_BACKUP_JURISDICTION && c.CHARTER_JURISDICTION && c.CHARTER_BACKUP_JURISDICTION !== c.CHARTER_JURISDICTION) {
    ctx.addIssue({
      code: 'custom',
      path: ['CHARTER_BACKUP_JURISDICTION'],
      message: `the backup target is in ${c.CHARTER_BACKUP_JURISDICTION} but CHARTER_JURISDICTION is ${c.CHARTER_JURISDICTION}; backups must stay in the jurisdiction they came from`,
    });
  }
  if (c.CHARTER_BACKUP_DIR && !c.CHARTER_JURISDICTION && !c.CHARTER_BACKUP_JURISDICTION) {
    ctx.addIssue({
      code: 'custom',
      path: ['CHARTER_JURISDICTION'],
      message: 'is required with CHARTER_BACKUP_DIR (every backup is labelled with its jurisdiction)',
    });
  }
}

export function continuityConfigOf(c: ContinuityRaw): { continuity: ContinuityConfig } {
  const pair = (rpo: number | undefined, rto: number | undefined): Objectives => ({
    rpoSeconds: rpo ?? c.CHARTER_RPO_SECONDS,
    rtoSeconds: rto ?? c.CHARTER_RTO_SECONDS,
  });
  return {
    continuity: {
      jurisdiction: c.CHARTER_JURISDICTION,
      backup: {
        dir: c.CHARTER_BACKUP_DIR,
        schedule: c.CHARTER_BACKUP_SCHEDULE,
        retentionDays: c.CHARTER_BACKUP_RETENTION_DAYS,
        jurisdiction: c.CHARTER_BACKUP_JURISDICTION ?? c.CHARTER_JURISDICTION,
        key: c.CHARTER_BACKUP_KEY ? Buffer.from(c.CHARTER_BACKUP_KEY, 'base64') : undefined,
      },
      drillSchedule: c.CHARTER_DRILL_SCHEDULE,
      platformTeam: c.CHARTER_PLATFORM_TEAM,
      objectives: {
        store: pair(c.CHARTER_STORE_RPO_SECONDS, c.CHARTER_STORE_RTO_SECONDS),
        outbox: pair(c.CHARTER_OUTBOX_RPO_SECONDS, c.CHARTER_OUTBOX_RTO_SECONDS),
      },
    },
  };
}

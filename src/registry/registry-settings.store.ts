import { EntityManager } from 'typeorm';
import { unstorable } from './registry.store';
import { Mode, RegistryConfig } from './registry.types';

/** The settings stored under each key of a chain (a subject, its context's key, the global key). */
export interface StoredSettings {
  modes: Map<string, Mode>;
  configs: Map<string, RegistryConfig>;
}

interface SettingsRow {
  kind: 'mode' | 'config';
  subject: string;
  mode: Mode | null;
  compatibility_level: string | null;
  normalize: boolean | null;
  options: Record<string, unknown> | null;
}

/** Compatibility configs and modes, keyed by subject, by context key (`:.eu:`) or by the global key. */
export const registrySettingsStore = {
  /**
   * Every mode and config stored under `keys`, in one statement: a registration reads its whole
   * chain of both at once, inside its transaction.
   */
  async chain(em: EntityManager, keys: readonly string[]): Promise<StoredSettings> {
    const storable = keys.filter((k) => k !== '' && !unstorable(k));
    const rows: SettingsRow[] = await em.query(
      `SELECT 'mode' AS kind, subject, mode, NULL AS compatibility_level, NULL::boolean AS normalize, NULL::jsonb AS options
         FROM registry_mode WHERE subject = ANY($1::text[])
       UNION ALL
       SELECT 'config', subject, NULL, compatibility_level, normalize, options
         FROM registry_config WHERE subject = ANY($1::text[])`,
      [storable],
    );
    const settings: StoredSettings = { modes: new Map(), configs: new Map() };
    for (const r of rows) {
      if (r.kind === 'mode') settings.modes.set(r.subject, r.mode!);
      else settings.configs.set(r.subject, configOf(r));
    }
    return settings;
  },

  async config(em: EntityManager, subject: string): Promise<RegistryConfig | undefined> {
    return (await registrySettingsStore.chain(em, [subject])).configs.get(subject);
  },

  /** The compatibility level stored under `subject` itself (no chain), if any. */
  async compatibilityLevel(em: EntityManager, subject: string): Promise<string | null | undefined> {
    const [row] = await em.query('SELECT compatibility_level FROM registry_config WHERE subject = $1', [subject]);
    return row?.compatibility_level;
  },

  async putConfig(em: EntityManager, subject: string, config: RegistryConfig): Promise<void> {
    await em.query(
      `INSERT INTO registry_config (subject, compatibility_level, normalize, options) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (subject) DO UPDATE SET compatibility_level = EXCLUDED.compatibility_level, normalize = EXCLUDED.normalize,
         options = EXCLUDED.options, updated_at = now()`,
      [subject, config.compatibilityLevel ?? null, config.normalize ?? null, JSON.stringify(config.options)],
    );
  },

  async deleteConfig(em: EntityManager, subject: string): Promise<void> {
    await em.query('DELETE FROM registry_config WHERE subject = $1', [subject]);
  },

  async mode(em: EntityManager, subject: string): Promise<Mode | undefined> {
    if (unstorable(subject)) return undefined;
    const rows: Array<{ mode: Mode }> = await em.query('SELECT mode FROM registry_mode WHERE subject = $1', [subject]);
    return rows[0]?.mode;
  },

  async putMode(em: EntityManager, subject: string, mode: Mode): Promise<void> {
    await em.query(
      `INSERT INTO registry_mode (subject, mode) VALUES ($1, $2)
       ON CONFLICT (subject) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
      [subject, mode],
    );
  },

  async deleteMode(em: EntityManager, subject: string): Promise<void> {
    await em.query('DELETE FROM registry_mode WHERE subject = $1', [subject]);
  },
};

function configOf(r: SettingsRow): RegistryConfig {
  return {
    ...(r.compatibility_level ? { compatibilityLevel: r.compatibility_level as RegistryConfig['compatibilityLevel'] } : {}),
    ...(r.normalize !== null ? { normalize: r.normalize } : {}),
    options: r.options ?? {},
  };
}

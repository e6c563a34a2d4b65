import { Client } from 'pg';

export interface SeedSize {
  teams: number;
  topics: number;
  versionsPerTopic: number;
}

export const SEED_SIZE: SeedSize = { teams: 100, topics: 10_000, versionsPerTopic: 5 };

export const topicName = (g: string) => `'domain' || (${g} % 20) || '.entity-' || lpad(${g}::text, 5, '0') || '.v1'`;

/**
 * Loads the benchmark catalogue straight into a migrated database with generate_series: by default
 * 100 teams of 5 members, 10,000 topics, and 5 Avro versions per topic (50,000 schemas) on
 * `<topic>-value`. Each version adds a field, the first field carries a PII tag.
 */
export async function seedCatalogue(client: Client, size: SeedSize = SEED_SIZE): Promise<void> {
  const { teams, topics, versionsPerTopic: versions } = size;
  await client.query(`INSERT INTO team (slug, name) SELECT 'team-' || g, 'Team ' || g FROM generate_series(1, ${teams}) g`);
  await client.query(`INSERT INTO team_member (team_id, username) SELECT id, slug || '-member-' || m FROM team, generate_series(1, 5) m`);
  await client.query(`
    INSERT INTO topic (name, display_name, description, owner_team_id, intent, classification, jurisdiction, access_policy, lifecycle, tags, updated_at)
    SELECT ${topicName('g')}, 'Entity ' || g, 'Events about entity ' || g || ' of domain ' || (g % 20) || '.',
      (SELECT id FROM team WHERE slug = 'team-' || (1 + g % ${teams})),
      (ARRAY['EVENT', 'STATE', 'COMMAND'])[1 + g % 3], (ARRAY['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'])[1 + g % 4],
      (ARRAY['EU', 'UK', 'US', 'CH'])[1 + (g / 4) % 4], CASE WHEN g % 4 = 3 THEN 'OWNER_AND_STEWARD_APPROVAL' ELSE 'OWNER_APPROVAL' END,
      'ACTIVE', ARRAY['bench', 'd' || (g % 20)], now() - make_interval(secs => g)
    FROM generate_series(1, ${topics}) g`);
  await client.query(`
    INSERT INTO registry_schema (id, schema_type, canonical, original, "references", identity_hash)
    SELECT id, 'AVRO', text, text, '[]', encode(sha256(convert_to(text, 'UTF8')), 'hex') FROM (
      SELECT (g - 1) * ${versions} + v AS id,
        '{"type":"record","name":"Entity' || g || '","namespace":"bench","fields":[{"name":"id","type":"string","confluent:tags":["PII"]}'
        || (SELECT string_agg(',{"name":"f' || f || '","type":["null","string"],"default":null}', '' ORDER BY f) FROM generate_series(1, 2 + v) f)
        || ']}' AS text
      FROM generate_series(1, ${topics}) g, generate_series(1, ${versions}) v) s`);
  await client.query(`
    INSERT INTO registry_subject_version (subject, version, schema_id)
    SELECT ${topicName('g')} || '-value', v, (g - 1) * ${versions} + v FROM generate_series(1, ${topics}) g, generate_series(1, ${versions}) v`);
  await client.query('ANALYZE');
}

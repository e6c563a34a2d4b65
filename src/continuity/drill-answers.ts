import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiTokenService } from '../auth/api-token.service';
import { SYSTEM } from '../auth/domain/principal';
import type { AppConfig } from '../config/app-config';
import type { Database } from '../database/open-database';

/** Starts the whole application on an opened, migrated database (createApp's second half). */
export type AppStarter = (config: AppConfig, database: Database) => Promise<NestFastifyApplication>;
export const APP_STARTER = Symbol('APP_STARTER');

const SAMPLE = 3;
const REGISTRY_MEDIA = 'application/vnd.schemaregistry.v1+json';

interface SampledVersion {
  subject: string;
  version: number;
  schema_id: number;
}
interface SampledTopic {
  name: string;
  classification: string;
  owner: string;
}

/**
 * The settings a drill's app runs with: nothing leaves it and nothing is scheduled in it. Webhook
 * delivery is off (a restored outbox must not be sent twice), as are exporters (a restored offset
 * must not push again), scheduled backups and drills. The log level stays: Nest's logger is one per
 * process, and the drill's app replaces it.
 */
function inertConfig(config: AppConfig): AppConfig {
  return {
    ...config,
    bootstrapToken: undefined,
    webhooks: { ...config.webhooks, pollIntervalMs: 0 },
    federation: { ...config.federation, exporter: { ...config.federation.exporter, pollIntervalMs: 0 } },
    continuity: { ...config.continuity, backup: { ...config.continuity.backup, dir: undefined }, drillSchedule: undefined },
  };
}

/**
 * The restored database answers as Charter would: the application is started on it, without a
 * socket, and a sample of REST and GraphQL answers is compared with the rows they come from.
 * Runs last: the drill's own API token is written into the scratch database.
 */
export async function checkAnswers(
  start: AppStarter,
  config: AppConfig,
  scratch: Database,
): Promise<{ problem?: string; answers: number }> {
  const versions: SampledVersion[] = await scratch.dataSource.query(
    // md5 spreads the sample over subjects, and the same backup always gets the same sample.
    `SELECT subject, version, schema_id FROM registry_subject_version WHERE NOT deleted ORDER BY md5(subject || ':' || version) LIMIT $1`,
    [SAMPLE],
  );
  const topics: SampledTopic[] = await scratch.dataSource.query(
    `SELECT t.name, t.classification, team.slug AS owner FROM topic t JOIN team ON team.id = t.owner_team_id ORDER BY md5(t.name) LIMIT $1`,
    [SAMPLE],
  );
  const app = await start(inertConfig(config), scratch);
  try {
    const { secret } = await app.get(ApiTokenService).create(SYSTEM, {
      username: 'system:drill',
      roles: ['admin'],
      description: 'restore drill: reads a sample of answers from the restored database',
    });
    const http = app.getHttpAdapter().getInstance();
    const headers = { authorization: `Bearer ${secret}`, accept: REGISTRY_MEDIA };
    let answers = 0;
    for (const v of versions) {
      const path = `/subjects/${encodeURIComponent(v.subject)}/versions/${v.version}`;
      const res = await http.inject({ method: 'GET', url: path, headers });
      if (res.statusCode !== 200) return { problem: `GET ${path} answered ${res.statusCode} on the restored database`, answers };
      const body = res.json() as { id?: number; version?: number; schema?: string };
      if (body.id !== Number(v.schema_id) || body.version !== Number(v.version)) {
        return { problem: `GET ${path} answered id ${body.id} version ${body.version}; the restored rows hold id ${v.schema_id}`, answers };
      }
      const byId = `/schemas/ids/${v.schema_id}?subject=${encodeURIComponent(v.subject)}`;
      const schema = await http.inject({ method: 'GET', url: byId, headers });
      if (schema.statusCode !== 200 || (schema.json() as { schema?: string }).schema !== body.schema) {
        return { problem: `GET ${byId} does not answer the schema of ${v.subject} version ${v.version}`, answers };
      }
      answers += 2;
    }
    for (const t of topics) {
      const res = await http.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          query: 'query DrillTopic($name: String!) { topic(name: $name) { name classification owner { slug } } }',
          variables: { name: t.name },
        }),
      });
      const topic = (res.json() as { data?: { topic?: { name: string; classification: string; owner: { slug: string } } } }).data?.topic;
      if (res.statusCode !== 200 || topic?.name !== t.name || topic.classification !== t.classification || topic.owner.slug !== t.owner) {
        return {
          problem: `GraphQL topic(name: "${t.name}") does not answer what the restored rows hold (status ${res.statusCode})`,
          answers,
        };
      }
      answers++;
    }
    return { answers };
  } finally {
    await app.close();
  }
}

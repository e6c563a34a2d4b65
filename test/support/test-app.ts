import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { seedEmbeddedDataDir } from './embedded-template';
import { createTestDatabase, TestDatabase } from './test-database';

export const ADMIN_TOKEN = 'chr_test-admin-token-0123456789abcdef';

export interface GraphqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/**
 * The real application, on a fresh database (PostgreSQL when TEST_DATABASE_URL is set, embedded
 * otherwise), listening on a random local port. Tests talk to it over HTTP only.
 */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly config: AppConfig,
    private readonly database: TestDatabase | undefined,
    private readonly ownsDataDir: boolean,
  ) {}

  static async start(env: Record<string, string> = {}, reuse?: TestApp): Promise<TestApp> {
    const database = reuse ? reuse.database : await createTestDatabase();
    const dataDir = reuse?.config.dataDir ?? mkdtempSync(join(tmpdir(), 'charter-test-'));
    if (!database && !reuse && !env.DATABASE_URL) await seedEmbeddedDataDir(dataDir);
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      CHARTER_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      ...env,
      CHARTER_DATA_DIR: dataDir,
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
    });
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new TestApp(app, url, config, database, !reuse);
  }

  get embedded(): boolean {
    return !this.database;
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /** Stops the app but keeps its data, to start it again with `TestApp.start(env, this)`. */
  async stop(): Promise<void> {
    await this.app.close();
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.database?.drop();
    if (this.ownsDataDir) rmSync(this.config.dataDir, { recursive: true, force: true });
  }

  /** SQL as a superuser that bypasses the app (the embedded database has only that one user). */
  async superuser(sql: string, params?: unknown[]): Promise<unknown[]> {
    if (this.database) return this.database.superuser(sql, params);
    return this.dataSource.transaction((em) => em.query(sql, params));
  }

  async graphql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = ADMIN_TOKEN,
  ): Promise<GraphqlResponse<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, init);
  }
}

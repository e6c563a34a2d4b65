import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { instanceInfoStore } from './instance-info.store';

/** Charter's own version, from the package.json above this file (sources or dist alike). */
function readVersion(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'charter' && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

export const CHARTER_VERSION = readVersion();

export interface InstanceFacts {
  /** Stable per database: lets an exporter recognise a destination that is this very Charter. */
  id: string;
  name: string;
  jurisdiction: string | null;
  region: string | null;
  version: string;
}

/**
 * Where this deployment runs and who it is. The id is derived from the database (its cluster's
 * system identifier and its name), so every replica of one deployment reports the same one.
 */
@Injectable()
export class InstanceInfo {
  private id?: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  get jurisdiction(): string | null {
    return this.config.federation.jurisdiction ?? null;
  }

  get region(): string | null {
    return this.config.federation.region ?? null;
  }

  async facts(): Promise<InstanceFacts> {
    this.id ??= instanceInfoStore.databaseId(this.dataSource.manager).catch((err) => {
      this.id = undefined;
      throw err;
    });
    return {
      id: await this.id,
      name: this.config.federation.instanceName,
      jurisdiction: this.jurisdiction,
      region: this.region,
      version: CHARTER_VERSION,
    };
  }
}

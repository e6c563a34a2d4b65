import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../auth/domain/principal';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { isUniqueViolation } from '../../database/pg-errors';
import { Clock } from '../../kernel/clock';
import { DomainError, forbidden, invalidInput } from '../../kernel/domain-error';
import { ClusterEntity } from './cluster.entity';
import { clusterStore } from './cluster.store';
import { RegisterClusterCommand, UpdateClusterCommand } from './cluster.commands';
import { checkBootstrapServers, checkZones } from './domain/cluster-rules';

const AUDITED = ['region', 'jurisdiction', 'availabilityZones', 'bootstrapServers'] as const;

/** The catalogue of Kafka clusters: admins register and correct them; everyone signed in reads them. */
@Injectable()
export class ClusterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(): Promise<ClusterEntity[]> {
    return clusterStore.list(this.dataSource.manager);
  }

  findByName(name: string): Promise<ClusterEntity | null> {
    return clusterStore.byName(this.dataSource.manager, name);
  }

  async byIds(ids: readonly string[]): Promise<Array<ClusterEntity | undefined>> {
    const rows = await clusterStore.byIds(this.dataSource.manager, ids);
    const byId = new Map(rows.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id));
  }

  async register(actor: Principal, input: RegisterClusterCommand): Promise<ClusterEntity> {
    assertAdmin(actor, 'register');
    this.assertKnownJurisdiction(input.jurisdiction);
    const bootstrapServers = checkBootstrapServers(input.bootstrapServers);
    const availabilityZones = checkZones(input.availabilityZones ?? []);
    try {
      return await this.dataSource.transaction(async (em) => {
        const cluster = await clusterStore.insert(em, {
          name: input.name,
          region: input.region,
          jurisdiction: input.jurisdiction,
          availabilityZones,
          bootstrapServers,
          isDefault: false,
          createdBy: actor.username,
          updatedAt: this.clock.now(),
        });
        await this.record(em, actor, 'cluster.registered', cluster, { after: snapshot(cluster) });
        return cluster;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'kafka_cluster_name_unique')) {
        throw new DomainError('ALREADY_EXISTS', `A cluster named '${input.name}' is already catalogued.`, {
          field: 'name',
          rule: 'unique',
        });
      }
      throw err;
    }
  }

  async update(actor: Principal, input: UpdateClusterCommand): Promise<ClusterEntity> {
    assertAdmin(actor, 'change');
    if (input.jurisdiction !== undefined) this.assertKnownJurisdiction(input.jurisdiction);
    return this.dataSource.transaction(async (em) => {
      const cluster = await clusterStore.lockByName(em, input.name);
      if (!cluster) throw unknownCluster(input.name, 'name');
      if (input.expectedVersion !== undefined && input.expectedVersion !== cluster.version) {
        throw new DomainError(
          'STALE_VERSION',
          `Cluster '${cluster.name}' is at version ${cluster.version}, not ${input.expectedVersion}.`,
          {
            field: 'expectedVersion',
            rule: 'current-version',
          },
        );
      }
      const before = snapshot(cluster);
      if (input.region !== undefined) cluster.region = input.region;
      if (input.jurisdiction !== undefined) cluster.jurisdiction = input.jurisdiction;
      if (input.availabilityZones !== undefined) cluster.availabilityZones = checkZones(input.availabilityZones);
      if (input.bootstrapServers !== undefined) cluster.bootstrapServers = checkBootstrapServers(input.bootstrapServers);
      const after = snapshot(cluster);
      const changed = AUDITED.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
      if (changed.length === 0) return cluster;
      cluster.updatedAt = this.clock.now();
      const saved = await clusterStore.save(em, cluster);
      await this.record(em, actor, 'cluster.updated', saved, {
        before: Object.fromEntries(changed.map((f) => [f, before[f]])),
        after: Object.fromEntries(changed.map((f) => [f, after[f]])),
      });
      return saved;
    });
  }

  /** The cluster a new topic lands on: the one it names, or the default cluster. */
  async forNewTopic(em: EntityManager, name: string | undefined): Promise<ClusterEntity> {
    const cluster = name ? await clusterStore.byName(em, name) : await clusterStore.defaultCluster(em);
    if (!cluster) throw unknownCluster(name ?? 'default', 'cluster');
    return cluster;
  }

  private assertKnownJurisdiction(code: string): void {
    if (!this.config.jurisdictions.includes(code)) {
      throw invalidInput(
        'jurisdiction',
        'known-jurisdiction',
        `'${code}' is not a configured jurisdiction; use one of ${this.config.jurisdictions.join(', ')}.`,
      );
    }
  }

  private record(em: EntityManager, actor: Principal, action: string, cluster: ClusterEntity, details: Record<string, unknown>) {
    return this.audit.append(em, { actor: actor.username, action, targetType: 'cluster', targetId: cluster.name, details });
  }
}

export function unknownCluster(name: string, field: string): DomainError {
  return new DomainError('NOT_FOUND', `Cluster '${name}' is not catalogued.`, { field, rule: 'known-cluster' });
}

function assertAdmin(actor: Principal, verb: string) {
  if (!actor.roles.includes('admin')) throw forbidden(`Only admins can ${verb} Kafka clusters.`);
}

function snapshot(cluster: ClusterEntity) {
  return {
    region: cluster.region,
    jurisdiction: cluster.jurisdiction,
    availabilityZones: cluster.availabilityZones,
    bootstrapServers: cluster.bootstrapServers,
  };
}

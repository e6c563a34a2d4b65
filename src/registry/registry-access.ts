import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedRequest, principalOf, requireAuthenticated } from '../auth/request-principal';
import { ANONYMOUS, isAdmin, isMemberOf, Principal } from '../auth/domain/principal';
import { TopicQueryService } from '../catalogue/topics/topic-query.service';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { forbidden } from '../kernel/domain-error';
import { isContextOnly, nameOf } from './qualified-subject';
import { OpenSchemaIds, SchemaReadPolicy } from './schema-read-policy';
import { registryStore } from './registry.store';

/**
 * Who may use the registry. Reads are open to anonymous callers when the operator allows it
 * (consumers often decode without credentials). Writes need a principal with rights on the
 * subject: admins; members of the team owning the catalogued topic the subject belongs to under
 * TopicNameStrategy (`<topic>-value`, `<topic>-key`); for subjects of no catalogued topic, admins
 * only unless the operator opens them to every authenticated principal. Global settings: admins.
 * A subject in a named context (`:.eu:orders-value`) is judged by its unqualified name, so the
 * team owning `orders` writes it there too; a context's own settings (`:.eu:`) are for admins.
 */
@Injectable()
export class RegistryAccess {
  private readonly logger = new Logger('Registry');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly topics: TopicQueryService,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly readPolicy: SchemaReadPolicy,
    private readonly openIds: OpenSchemaIds,
  ) {}

  private get enforcing(): boolean {
    return this.config.schemaReadsRequireGrant === 'restricted';
  }

  /** The caller, once it may read the schemas of `subject` (versions, lookups, metadata). */
  async subjectReader(req: AuthenticatedRequest, subject: string): Promise<Principal> {
    const actor = this.reader(req);
    if (!this.enforcing || (await this.readPolicy.readable(actor, [subject])).has(subject)) return actor;
    throw await this.readRefused(actor, { subject, method: req.method, path: pathOf(req) });
  }

  /**
   * The caller, once it may read schema `id`: content is shared across subjects, so it is readable
   * when any subject holding it is (the same text under an open subject is no secret). A
   * `?subject=` hint does not change this: the answer is the same content whichever subject names it.
   */
  async schemaIdReader(req: AuthenticatedRequest, id: number): Promise<Principal> {
    const actor = this.reader(req);
    if (!this.enforcing) return actor;
    const subjects = [...new Set((await registryStore.versionsWithSchema(this.dataSource.manager, id)).map((v) => v.subject))];
    if (subjects.length === 0) return actor; // no such id: the read answers 404 as usual
    if ((await this.readPolicy.readable(ANONYMOUS, subjects)).size > 0) {
      this.openIds.remember(id);
      return actor;
    }
    if (actor.authenticated && (await this.readPolicy.readable(actor, subjects)).size > 0) return actor;
    throw await this.readRefused(actor, { schemaId: id, method: req.method, path: pathOf(req) });
  }

  /** The entries of a list whose subject the caller may read (GET /schemas). */
  async readableEntries<T extends { subject: string }>(actor: Principal, entries: T[]): Promise<T[]> {
    if (!this.enforcing || entries.length === 0) return entries;
    const readable = await this.readPolicy.readable(actor, [...new Set(entries.map((e) => e.subject))]);
    return entries.filter((e) => readable.has(e.subject));
  }

  /** A refused read is a decision: audited (in its own transaction), then answered 403 / 40301. */
  private async readRefused(actor: Principal, details: Record<string, unknown>): Promise<Error> {
    try {
      await this.dataSource.transaction((em) =>
        this.audit.append(em, {
          actor: actor.username,
          action: 'registry.read.refused',
          targetType: details.subject ? 'subject' : 'schema',
          targetId: String(details.subject ?? details.schemaId),
          details: { ...details, rule: 'restricted-topic-needs-grant' },
        }),
      );
    } catch (err) {
      this.logger.error({ err }, 'Could not audit a refused schema read');
    }
    const what = details.subject ? `subject '${String(details.subject)}'` : `schema ${String(details.schemaId)}`;
    return forbidden(
      `The schemas of ${what} belong to a RESTRICTED topic; reading them needs membership of the owning team or an approved READ grant (CHARTER_SCHEMA_READS_REQUIRE_GRANT=restricted).`,
    );
  }

  reader(req: AuthenticatedRequest): Principal {
    return this.config.anonymousRegistryReads ? principalOf(req) : requireAuthenticated(req);
  }

  /** The caller, once it may write `subject` (or the global settings when `subject` is undefined). */
  async writer(req: AuthenticatedRequest, subject: string | undefined): Promise<Principal> {
    const actor = requireAuthenticated(req);
    if (isAdmin(actor)) return actor;
    if (subject === undefined) throw forbidden('Only admins can change the global registry configuration and mode.');
    if (isContextOnly(subject))
      throw forbidden(`Only admins can change the context '${subject}' (its configuration, mode, or the context itself).`);
    const topic = topicOfSubject(nameOf(subject))?.topic;
    const owner = topic === undefined ? undefined : await this.topics.ownerSlugOf(topic);
    if (owner !== undefined) {
      if (isMemberOf(actor, owner)) return actor;
      await this.auditRefusal(actor, subject, { topic, ownerTeam: owner, method: req.method });
      throw forbidden(
        `Subject '${subject}' belongs to topic '${topic}', owned by team '${owner}'; only its members and admins can change it.`,
      );
    }
    if (this.config.uncataloguedSubjectWrites === 'authenticated') return actor;
    throw forbidden(
      `Subject '${subject}' belongs to no catalogued topic; only admins can change it. Catalogue its topic first (subjects are '<topic>-value' and '<topic>-key').`,
    );
  }

  /**
   * A write to another team's subject is a decision refused, and goes on the record. Nothing else
   * of the request is written, so the entry has a transaction of its own.
   */
  private async auditRefusal(actor: Principal, subject: string, details: Record<string, unknown>) {
    try {
      await this.dataSource.transaction((em) =>
        this.audit.append(em, {
          actor: actor.username,
          action: 'registry.subject.write-refused',
          targetType: 'subject',
          targetId: subject,
          details,
        }),
      );
    } catch (err) {
      this.logger.error({ err, subject }, 'Could not audit a refused subject write');
    }
  }
}

function pathOf(req: AuthenticatedRequest): string {
  // The path only: a query string could carry anything.
  return (req.url ?? '').split('?')[0].slice(0, 300);
}

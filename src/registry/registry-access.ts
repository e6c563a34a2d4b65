import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedRequest, principalOf, requireAuthenticated } from '../auth/request-principal';
import { isAdmin, isMemberOf, Principal } from '../auth/domain/principal';
import { TopicQueryService } from '../catalogue/topics/topic-query.service';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { forbidden } from '../kernel/domain-error';
import { isContextOnly, nameOf } from './qualified-subject';

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
  ) {}

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

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/domain/principal';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { nameOf } from '../registry/qualified-subject';
import { Clock } from '../kernel/clock';
import { SchemaReadPolicy } from '../registry/schema-read-policy';
import { seesEverything } from './domain/visibility';
import { grantStore } from './persistence/grant.store';

/**
 * Reads of a RESTRICTED topic's schemas need a right to the topic: membership of the owning team,
 * or an approved, unexpired READ grant held by one of the caller's teams. Admins and stewards read
 * everything. Subjects of no catalogued topic, and topics below RESTRICTED, stay open: schemas are
 * not secret, this only keeps the most sensitive topics' shapes to those entitled to the data.
 */
@Injectable()
export class GrantSchemaReadPolicy extends SchemaReadPolicy {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async readable(actor: Principal, subjects: readonly string[]): Promise<Set<string>> {
    if (seesEverything(actor)) return new Set(subjects);
    const topicOf = new Map(subjects.map((s) => [s, topicOfSubject(nameOf(s))?.topic]));
    const names = [...new Set([...topicOf.values()].filter((t): t is string => t !== undefined))];
    const restricted = new Set(
      names.length > 0 ? await grantStore.restrictedFrom(this.dataSource.manager, names, actor.teams, this.clock.now()) : [],
    );
    return new Set(subjects.filter((s) => !restricted.has(topicOf.get(s) ?? '')));
  }
}

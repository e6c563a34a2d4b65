import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/domain/principal';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { nameOf } from '../registry/qualified-subject';
import { Clock } from '../kernel/clock';
import { SchemaReadPolicy } from '../registry/schema-read-policy';
import { seesEverything } from './domain/visibility';

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
    const restricted = new Set<string>();
    if (names.length > 0) {
      const rows: Array<{ name: string }> = await this.dataSource.query(
        `SELECT t.name FROM topic t JOIN team o ON o.id = t.owner_team_id
          WHERE t.name = ANY($1) AND t.classification = 'RESTRICTED' AND NOT o.slug = ANY($2)
            AND NOT EXISTS (
              SELECT 1 FROM access_request r JOIN team c ON c.id = r.requesting_team_id
               WHERE r.topic_id = t.id AND r.operation = 'READ' AND r.state = 'APPROVED' AND r.grant_end > $3 AND c.slug = ANY($2))`,
        [names, [...actor.teams], this.clock.now()],
      );
      for (const row of rows) restricted.add(row.name);
    }
    return new Set(subjects.filter((s) => !restricted.has(topicOf.get(s) ?? '')));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isAdmin, isSteward, Principal } from '../auth/domain/principal';
import { forbidden } from '../kernel/domain-error';
import { subjectsOfTopic } from '../catalogue/topics/domain/topic-vocabulary';
import { Kek } from './domain/key-vocabulary';
import { keyReportStore, keyStore } from './persistence/key.store';

/** What the key registry shows over GraphQL: KEKs for admins and stewards, a topic's keys for anyone who sees it. */
@Injectable()
export class KeyReportService {
  constructor(private readonly dataSource: DataSource) {}

  async kek(actor: Principal, name: string): Promise<Kek | null> {
    assertOverseer(actor);
    return (await keyStore.kek(this.dataSource.manager, name)) ?? null;
  }

  async keks(actor: Principal, includeDeleted: boolean): Promise<Kek[]> {
    assertOverseer(actor);
    return keyStore.keks(this.dataSource.manager, includeDeleted);
  }

  deksOfKeks(kekNames: readonly string[]) {
    return keyReportStore.deksOfKeks(this.dataSource.manager, kekNames);
  }

  readsOfKeks(kekNames: readonly string[]) {
    return keyReportStore.readsOfKeks(this.dataSource.manager, kekNames);
  }

  /** The live keys serving each topic's value and key subjects, by topic name, in one statement. */
  async keysOfTopics(topicNames: readonly string[]) {
    const subjects = topicNames.flatMap((n) => Object.values(subjectsOfTopic(n)));
    const rows = await keyStore.keysOfSubjects(this.dataSource.manager, subjects);
    return topicNames.map((n) => {
      const own = Object.values(subjectsOfTopic(n));
      return rows.filter((r) => own.includes(r.subject));
    });
  }
}

function assertOverseer(actor: Principal) {
  if (!isAdmin(actor) && !isSteward(actor)) throw forbidden('Only admins and data stewards can list and inspect KEKs.');
}

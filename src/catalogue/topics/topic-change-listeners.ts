import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../../auth/domain/principal';
import { TopicEntity } from './topic.entity';

/** A change to a topic, seen inside the transaction that makes it. */
export interface TopicChange {
  before: TopicEntity;
  after: TopicEntity;
  actor: Principal;
  /** What the caller asked for beyond the change itself (a forced retirement and its reason). */
  override?: { force: boolean; reason?: string };
}

export interface TopicChangeListener {
  /** Runs inside the topic's transaction: throwing undoes the change, writes commit with it. */
  onTopicChanged(em: EntityManager, change: TopicChange): Promise<void>;
}

/**
 * Other modules (access grants, contracts) react to topic changes without the catalogue depending
 * on them: they register here when they start, and the topic service calls each one in order.
 */
@Injectable()
export class TopicChangeListeners {
  private readonly listeners: TopicChangeListener[] = [];

  register(listener: TopicChangeListener): void {
    this.listeners.push(listener);
  }

  async notify(em: EntityManager, change: TopicChange): Promise<void> {
    for (const listener of this.listeners) await listener.onTopicChanged(em, change);
  }
}

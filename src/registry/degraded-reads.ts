import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { isDatabaseUnreachable } from '../continuity/database-failure';

const MAX_ENTRIES = 5_000;

/**
 * The last answers to recent registry reads (a subject's version, a schema by id in any form),
 * kept only to be served while the database cannot be reached, so that serializers and consumers
 * keep working through an outage. They may be stale (a version deleted or registered by another
 * replica just before the outage is not seen), which is why they are never used while the
 * database answers: then every read asks it as before.
 */
@Injectable()
export class DegradedReads {
  private readonly answers = new LRUCache<string, object>({ max: MAX_ENTRIES });

  /** `load()`'s answer, remembered under `key`; its last answer when the database is unreachable. */
  async read<T extends object>(key: string, load: () => Promise<T>): Promise<T> {
    try {
      const answer = await load();
      this.answers.set(key, answer);
      return answer;
    } catch (err) {
      const remembered = isDatabaseUnreachable(err) ? this.answers.get(key) : undefined;
      if (remembered) return remembered as T;
      throw err;
    }
  }

  /** After a permanent delete here: nothing deleted may come back, even in an outage. */
  forgetAll(): void {
    this.answers.clear();
  }
}

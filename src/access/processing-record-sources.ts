import { Injectable } from '@nestjs/common';
import { AccessActor } from './domain/access-vocabulary';
import { ProcessingRow } from './processing-row';

/** Rows of the records of processing that another workflow contributes (topic mirrors). */
export type ProcessingRecordSource = (actor: AccessActor, topic: string | undefined, now: Date) => Promise<ProcessingRow[]>;

/**
 * Other modules add their transfers to the records of processing without access depending on
 * them: they register a source when they start, like topic-change listeners do.
 */
@Injectable()
export class ProcessingRecordSources {
  private readonly sources: ProcessingRecordSource[] = [];

  register(source: ProcessingRecordSource): void {
    this.sources.push(source);
  }

  async rows(actor: AccessActor, topic: string | undefined, now: Date): Promise<ProcessingRow[]> {
    const all: ProcessingRow[] = [];
    for (const source of this.sources) all.push(...(await source(actor, topic, now)));
    return all;
  }
}

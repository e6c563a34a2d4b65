import { LegalBasis } from '../../access/domain/access-vocabulary';
import { isCrossBorder, TransferRule } from '../../access/domain/transfer-rules';
import { Classification, Lifecycle } from '../../catalogue/topics/domain/topic-vocabulary';
import { SkipRule } from './exporter-vocabulary';
import { listedByName } from './subject-patterns';

/**
 * What may leave through an exporter. Schemas describe the data a topic carries, so a topic's
 * classification and residency decide where its schemas may go, as they decide where its data may:
 *
 * | classification | destination in the topic's jurisdiction | elsewhere                                        |
 * |----------------|-----------------------------------------|--------------------------------------------------|
 * | PUBLIC         | exported                                | exported                                         |
 * | INTERNAL       | exported                                | exported                                         |
 * | CONFIDENTIAL   | exported                                | exported when no border is crossed (an allowed   |
 * |                |                                         | transfer) or the destination is in the topic's   |
 * |                |                                         | residency; otherwise only once a steward approves|
 * | RESTRICTED     | exported                                | only once a steward approves that topic          |
 *
 * A subject with no catalogued topic leaves only when the exporter names it exactly. On top of
 * that, an exporter whose destination crosses a border runs only with a legal basis and a
 * steward's approval (see `exporterGate`).
 */
export interface Destination {
  jurisdiction: string | null;
  region: string | null;
}

export interface TopicFacts {
  name: string;
  classification: Classification;
  jurisdiction: string;
  residency: readonly string[];
  lifecycle: Lifecycle;
}

export type SubjectDecision = { export: true } | { export: false; rule: SkipRule; message: string };

/** From this deployment to the destination; an unknown jurisdiction on either side counts as a border. */
export function exporterCrossesBorder(source: string | undefined, destination: Destination, rules: readonly TransferRule[]): boolean {
  if (!source || !destination.jurisdiction) return true;
  return isCrossBorder(source, destination.jurisdiction, rules);
}

export interface ExporterGovernance {
  crossBorder: boolean;
  createdBy: string;
  legalBasis: LegalBasis | null;
  approvedBy: string | null;
  /** The destination jurisdiction the steward approved; a destination that moves needs a new approval. */
  approvedJurisdiction: string | null;
  destination: Destination;
}

/** Whether the exporter may run at all, and if not the reason it stays PAUSED. */
export function exporterGate(g: ExporterGovernance): { runnable: true } | { runnable: false; reason: string } {
  if (!g.crossBorder) return { runnable: true };
  const where = g.destination.jurisdiction ?? 'an undeclared jurisdiction';
  if (!g.legalBasis) {
    return {
      runnable: false,
      reason: `awaiting-legal-basis: the destination is in ${where}, across a border; give a legal basis (charter.legal.basis.mechanism and charter.legal.basis.reference), then a steward other than ${g.createdBy} must approve`,
    };
  }
  if (!g.approvedBy || g.approvedJurisdiction !== (g.destination.jurisdiction ?? null)) {
    return {
      runnable: false,
      reason: `awaiting-approval: the destination is in ${where}, across a border; a steward other than ${g.createdBy} must approve it`,
    };
  }
  return { runnable: true };
}

export interface SubjectQuestion {
  subject: string;
  patterns: readonly string[];
  topic: TopicFacts | undefined;
  destination: Destination;
  rules: readonly TransferRule[];
  /** A steward approved this topic's export through this exporter. */
  topicApproved: boolean;
}

export function decideSubject(q: SubjectQuestion): SubjectDecision {
  const { subject, topic, destination } = q;
  if (!topic) {
    if (listedByName(subject, q.patterns)) return { export: true };
    return {
      export: false,
      rule: 'subject-without-topic',
      message: `'${subject}' belongs to no catalogued topic; an admin must list it by name in the exporter's subjects.`,
    };
  }
  if (topic.lifecycle === 'RETIRED') {
    return { export: false, rule: 'retired-topic', message: `topic '${topic.name}' is RETIRED.` };
  }
  const where = destination.jurisdiction ?? 'an undeclared jurisdiction';
  const sameJurisdiction = destination.jurisdiction === topic.jurisdiction;
  if (topic.classification === 'RESTRICTED' && !sameJurisdiction && !q.topicApproved) {
    return {
      export: false,
      rule: 'restricted-topic',
      message: `topic '${topic.name}' is RESTRICTED to ${topic.jurisdiction} and the destination is in ${where}; a steward must approve this topic's export.`,
    };
  }
  if (topic.classification === 'CONFIDENTIAL' && !sameJurisdiction && !q.topicApproved) {
    const crossing = !destination.jurisdiction || isCrossBorder(topic.jurisdiction, destination.jurisdiction, q.rules);
    const resident = topic.residency.some((r) => r === destination.region || r === destination.jurisdiction);
    if (crossing && !resident) {
      return {
        export: false,
        rule: 'confidential-cross-border',
        message: `topic '${topic.name}' is CONFIDENTIAL in ${topic.jurisdiction}; the destination (${where}) is across a border and outside its residency, so a steward must approve this topic's export.`,
      };
    }
  }
  return { export: true };
}

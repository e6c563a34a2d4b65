import { ExporterRecord, SkippedSubject } from './exporter.store';

/** Confluent's exporter body; the credentials are never in it. */
export function wireExporter(e: ExporterRecord) {
  return {
    name: e.name,
    contextType: e.contextType,
    context: e.context ?? (e.contextType === 'NONE' ? '.' : undefined),
    subjects: e.subjects,
    subjectRenameFormat: e.subjectRenameFormat,
    config: e.config,
  };
}

/**
 * Confluent's status `{name, state, offset, ts, trace}`, plus Charter's governance: why it is paused,
 * where the destination is, its lag, and the subjects skipped with the rule that skipped them.
 */
export function wireStatus(e: ExporterRecord, skipped: SkippedSubject[], lag: { versions: number; seconds: number } | undefined) {
  return {
    name: e.name,
    state: e.state,
    offset: e.offset,
    ts: (e.offsetAt ?? e.createdAt).getTime(),
    ...(e.trace ? { trace: e.trace } : {}),
    pausedReason: e.pausedReason,
    destination: { url: e.url, jurisdiction: e.destinationJurisdiction, region: e.destinationRegion, source: e.destinationSource },
    crossBorder: e.crossBorder,
    approvedBy: e.approvedBy,
    lag: lag ?? { versions: 0, seconds: 0 },
    skipped: skipped.map((s) => ({ subject: s.subject, topic: s.topic, rule: s.rule, message: s.message })),
  };
}

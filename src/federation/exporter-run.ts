import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM } from '../auth/domain/principal';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { topicStore } from '../catalogue/topics/topic.store';
import { AppConfig } from '../config/app-config';
import { registrySettingsStore } from '../registry/registry-settings.store';
import { registryStore } from '../registry/registry.store';
import { ChangeLog, RegistryChange } from './change-log';
import { DestinationClient, DestinationError, readDestinationMetadata } from './destination-client';
import { destinationContext, destinationSubject } from './domain/destination-subject';
import { decideSubject, exporterCrossesBorder, exporterGate, SubjectDecision, TopicFacts } from './domain/export-policy';
import { SkipRule } from './domain/exporter-vocabulary';
import { matchesAny } from './domain/subject-patterns';
import { authorizationOf, openCredentials } from './exporter-credentials';
import { ExporterRecord, exporterStore } from './exporter.store';
import { InstanceFacts } from './instance-info';

export interface RunContext {
  dataSource: DataSource;
  audit: AuditService;
  config: AppConfig;
  instance: InstanceFacts;
  changeLog: ChangeLog;
  holder: string;
  onPushed: (exporter: string, changes: number) => void;
}

/** The replica lost the exporter's lease (it stalled past it, and another replica took over). */
class LeaseLost extends Error {}

const BATCH = 200;
const GLOBAL_SUBJECT = '__GLOBAL';

/**
 * One turn of one exporter on the replica holding its lease: check the destination when starting,
 * let through what a steward approved since, then push the change log in order from the stored
 * offset. The offset moves after each change is pushed, in a statement that also renews the lease
 * and succeeds only while this replica holds it; a change pushed twice (after a crash between the
 * push and the offset) is a no-op on the destination, since IMPORT keeps the same id and version.
 */
export class ExporterRun {
  private readonly client: DestinationClient;
  private readonly decisions = new Map<string, SubjectDecision>();
  private readonly importMode = new Set<string>();
  private approvedTopics = new Set<string>();
  private readonly context: string | null;

  constructor(
    private readonly ctx: RunContext,
    private exporter: ExporterRecord,
  ) {
    const federation = ctx.config.federation;
    this.client = new DestinationClient(exporter.url, {
      timeoutMs: federation.exporter.timeoutMs,
      allowedHosts: federation.exporter.allowedHosts,
      authorization: authorizationOf(openCredentials(exporter.sealedCredentials, federation.exporter.credentialsKey)),
      exporterName: exporter.name,
    });
    this.context = destinationContext(exporter, ctx.instance.name);
  }

  async run(safeHighWater: number, budgetMs: number): Promise<void> {
    const started = Date.now();
    try {
      if (this.exporter.state === 'STARTING' && !(await this.start())) return;
      this.approvedTopics = new Set((await exporterStore.approvedTopics(this.ctx.dataSource, this.exporter.name)).map((a) => a.topic));
      await this.replayApprovedTopics();
      while (Date.now() - started < budgetMs) {
        const changes = await this.ctx.changeLog.after(this.exporter.offset, safeHighWater, BATCH);
        if (changes.length === 0) break;
        for (const change of changes) {
          await this.push(change);
          await this.advance(change);
        }
      }
      await this.markAlive();
    } catch (err) {
      if (err instanceof LeaseLost) return;
      await this.fail(err as Error);
    }
  }

  /** STARTING: the destination is asked who and where it is again; a changed border re-opens governance. */
  private async start(): Promise<boolean> {
    const e = this.exporter;
    const metadata = await readDestinationMetadata(this.client);
    if (metadata?.instanceId && metadata.instanceId === this.ctx.instance.id) {
      await this.fail(
        new DestinationError(0, undefined, 'the destination is this very Charter; an exporter copies schemas to another registry'),
        true,
      );
      return false;
    }
    const jurisdiction =
      metadata?.jurisdiction ??
      (e.destinationSource === 'DESTINATION' ? e.destinationJurisdiction : (e.config['charter.destination.jurisdiction'] ?? null));
    const region = metadata?.region ?? e.destinationRegion;
    const source = metadata?.jurisdiction ? 'DESTINATION' : jurisdiction ? 'CONFIG' : 'UNKNOWN';
    const crossBorder = exporterCrossesBorder(
      this.ctx.config.federation.jurisdiction,
      { jurisdiction, region },
      this.ctx.config.access.allowedTransfers,
    );
    const next: ExporterRecord = {
      ...e,
      destinationJurisdiction: jurisdiction,
      destinationRegion: region,
      destinationSource: source,
      crossBorder,
    };
    const gate = exporterGate({ ...next, destination: { jurisdiction, region } });
    const changed = jurisdiction !== e.destinationJurisdiction || crossBorder !== e.crossBorder;
    if (!gate.runnable) {
      await this.save({ ...next, state: 'PAUSED', pausedReason: gate.reason }, 'exporter.paused', {
        reason: gate.reason,
        destinationJurisdiction: jurisdiction,
      });
      return false;
    }
    await this.save({ ...next, state: 'RUNNING', pausedReason: null, trace: null }, 'exporter.started', {
      destination: { jurisdiction, region, source },
      crossBorder,
      destinationChanged: changed,
    });
    return true;
  }

  /** Subjects of topics approved since they were skipped: their changes behind the offset go now, in order. */
  private async replayApprovedTopics() {
    const pending = await exporterStore.pendingReplays(this.ctx.dataSource.manager, this.exporter.name);
    for (const topic of pending) {
      const subjects = [`${topic}-value`, `${topic}-key`];
      for (const s of subjects) this.decisions.delete(s);
      const changes = await this.ctx.changeLog.ofSubjectsUpTo(subjects, this.exporter.offset);
      for (const change of changes) await this.push(change);
      await this.ctx.dataSource.transaction(async (em) => {
        await exporterStore.markReplayed(em, this.exporter.name, topic);
        await this.ctx.audit.append(em, {
          actor: SYSTEM.username,
          action: 'exporter.topic-replayed',
          targetType: 'exporter',
          targetId: this.exporter.name,
          details: { topic, changes: changes.length },
        });
      });
      if (changes.length) this.ctx.onPushed(this.exporter.name, changes.length);
    }
  }

  private async push(change: RegistryChange): Promise<void> {
    // Subjects already in a named context on this Charter are not re-exported; __GLOBAL is this registry's own setting.
    if (change.subject.startsWith(':') || change.subject === GLOBAL_SUBJECT) return;
    if (!matchesAny(change.subject, this.exporter.subjects)) return;
    if (!(await this.exportable(change.subject))) return;
    const dest = this.destinationOf(change.subject);
    const path = `subjects/${encodeURIComponent(dest)}`;
    switch (change.kind) {
      case 'VERSION':
        return this.pushVersion(change, dest);
      case 'SOFT_DELETE':
        return this.ignoreMissing(() => this.client.request('DELETE', `${path}/versions/${change.version}`));
      case 'HARD_DELETE':
        await this.ignoreMissing(() => this.client.request('DELETE', `${path}/versions/${change.version}`));
        return this.ignoreMissing(() => this.client.request('DELETE', `${path}/versions/${change.version}?permanent=true`));
      case 'CONFIG':
        return this.pushConfig(change.subject, dest);
    }
  }

  private async pushVersion(change: RegistryChange, dest: string) {
    const row = await registryStore.versionForExport(this.ctx.dataSource.manager, change.subject, change.version);
    // Permanently deleted since: its HARD_DELETE follows in the log, and there is nothing to copy.
    if (!row) return;
    const references: Array<{ name: string; subject: string; version: number }> = row.references ?? [];
    for (const ref of references) {
      if (!matchesAny(ref.subject, this.exporter.subjects) || !(await this.exportable(ref.subject))) {
        await this.skip(
          change.subject,
          'reference-not-exported',
          `it refers to '${ref.subject}' version ${ref.version}, which this exporter does not export.`,
        );
        return;
      }
    }
    await this.ensureImportMode(dest);
    await this.client.request('POST', `subjects/${encodeURIComponent(dest)}/versions`, {
      schema: row.canonical,
      schemaType: row.schema_type,
      references: references.map((r) => ({ name: r.name, subject: this.destinationOf(r.subject), version: r.version })),
      ...(row.metadata ? { metadata: row.metadata } : {}),
      // The rules are part of the schema's content: without them the id would hold other content there.
      ...(row.rule_set ? { ruleSet: row.rule_set } : {}),
      id: Number(row.id),
      version: change.version,
    });
  }

  private async pushConfig(subject: string, dest: string) {
    const level = await registrySettingsStore.compatibilityLevel(this.ctx.dataSource.manager, subject);
    if (level) {
      await this.client.request('PUT', `config/${encodeURIComponent(dest)}`, { compatibility: level });
    } else {
      await this.ignoreMissing(() => this.client.request('DELETE', `config/${encodeURIComponent(dest)}`));
    }
  }

  /** The destination subject must be in IMPORT mode to take ids and versions as given. */
  private async ensureImportMode(dest: string) {
    if (this.importMode.has(dest)) return;
    await this.client.request('PUT', `mode/${encodeURIComponent(dest)}?force=true`, { mode: 'IMPORT' });
    this.importMode.add(dest);
  }

  private destinationOf(subject: string) {
    return destinationSubject(subject, this.exporter.subjectRenameFormat, this.context);
  }

  private async ignoreMissing(call: () => Promise<unknown>) {
    try {
      await call();
    } catch (err) {
      if (err instanceof DestinationError && (err.status === 404 || (err.status === 422 && err.errorCode === 42202))) return;
      throw err;
    }
  }

  /** The policy decision for a subject, once per turn; a skip is recorded (and audited when new). */
  private async exportable(subject: string): Promise<boolean> {
    let decision = this.decisions.get(subject);
    if (!decision) {
      const owner = topicOfSubject(subject);
      const topic: TopicFacts | undefined = owner
        ? ((await topicStore.byName(this.ctx.dataSource.manager, owner.topic)) ?? undefined)
        : undefined;
      decision = decideSubject({
        subject,
        patterns: this.exporter.subjects,
        topic,
        destination: { jurisdiction: this.exporter.destinationJurisdiction, region: this.exporter.destinationRegion },
        rules: this.ctx.config.access.allowedTransfers,
        topicApproved: topic ? this.approvedTopics.has(topic.name) : false,
      });
      this.decisions.set(subject, decision);
      if (decision.export) await exporterStore.clearSkip(this.ctx.dataSource.manager, this.exporter.name, subject);
      else await this.skip(subject, decision.rule, decision.message, topic?.name ?? null);
    }
    return decision.export;
  }

  private async skip(subject: string, rule: SkipRule, message: string, topic: string | null = topicOfSubject(subject)?.topic ?? null) {
    this.decisions.set(subject, { export: false, rule, message });
    await this.ctx.dataSource.transaction(async (em) => {
      if (!(await exporterStore.recordSkip(em, this.exporter.name, { subject, topic, rule, message }))) return;
      await this.ctx.audit.append(em, {
        actor: SYSTEM.username,
        action: 'exporter.subject-skipped',
        targetType: 'exporter',
        targetId: this.exporter.name,
        details: { subject, topic, rule, message, destinationJurisdiction: this.exporter.destinationJurisdiction },
      });
    });
  }

  /** Moves the offset past a pushed change; renews the lease; fails when another replica holds it now. */
  private async advance(change: RegistryChange) {
    const held = await exporterStore.advance(
      this.ctx.dataSource.manager,
      this.exporter.name,
      this.ctx.holder,
      change,
      this.ctx.config.federation.exporter.leaseMs,
    );
    if (!held) throw new LeaseLost();
    this.exporter = { ...this.exporter, offset: change.seq, offsetAt: change.at };
    this.ctx.onPushed(this.exporter.name, 1);
  }

  private async markAlive() {
    await exporterStore.markAlive(this.ctx.dataSource.manager, this.exporter.name, this.ctx.holder);
  }

  /**
   * A destination that is down or overloaded is retried on the next turn (the trace says why); an
   * answer that refuses the change itself puts the exporter in ERROR until an operator resumes it.
   */
  private async fail(err: Error, permanent = false) {
    const transient = !permanent && (!(err instanceof DestinationError) || err.transient);
    const trace = err.message.slice(0, 2000);
    if (transient) {
      await exporterStore.setTrace(this.ctx.dataSource.manager, this.exporter.name, this.ctx.holder, trace);
      return;
    }
    await this.save({ ...this.exporter, state: 'ERROR', trace }, 'exporter.failed', { trace, offset: this.exporter.offset });
  }

  private async save(next: ExporterRecord, action: string, details: Record<string, unknown>) {
    await this.ctx.dataSource.transaction(async (em) => {
      const current = await exporterStore.get(em, next.name, true);
      // Someone (an operator pausing it, a steward) changed it meanwhile: theirs stands.
      if (!current || current.state !== this.exporter.state || current.version !== this.exporter.version) return;
      await exporterStore.update(em, { ...current, ...next, approvedAt: current.approvedAt });
      await this.ctx.audit.append(em, {
        actor: SYSTEM.username,
        action,
        targetType: 'exporter',
        targetId: next.name,
        details: { from: current.state, to: next.state, ...details },
      });
    });
    this.exporter = { ...next, version: next.version + 1 };
  }
}

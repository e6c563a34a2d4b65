import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { fieldFigures } from './domain/field-stats';
import { contractViolationMessage } from './domain/finding-messages';
import { Finding } from './domain/finding';
import { schemaFingerprint } from './domain/schema-fingerprint';
import { Clock } from '../kernel/clock';
import { DomainError } from '../kernel/domain-error';
import { AdmissionCandidate, AdmissionFinding, SchemaAdmissionPolicy } from '../registry/schema-admission-policy';
import { ContractWaiverEntity, StoredFinding } from './contract-records.entity';
import { contractStore } from './contract.store';
import { waiverStore } from './waiver.store';
import { reviewCandidate } from './contract-review';

/**
 * The replica guard in the registration path: runs inside the registration's transaction (under
 * the subject's lock), refuses a version whose blocking findings no granted waiver covers, and
 * stores the findings and field figures with the version it lets through. Versions imported in
 * IMPORT mode are history from another registry: their findings are recorded, never refused.
 */
@Injectable()
export class ContractAdmissionPolicy extends SchemaAdmissionPolicy {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async admit(em: EntityManager, candidate: AdmissionCandidate): Promise<void> {
    const review = await reviewCandidate(em, candidate.subject, candidate.schema, candidate.history, dataContractOf(candidate));
    if (!review) return;
    const fingerprint = schemaFingerprint(candidate.schema);
    const waivers = (await waiverStore.granted(em, candidate.subject, candidate.version)).filter(
      (w) => w.schemaFingerprint === null || w.schemaFingerprint === fingerprint,
    );
    const stored = review.findings.map((f) => withWaiver(f, waivers));
    const uncovered = stored.filter((f) => f.severity === 'BLOCK' && !f.waiverId);
    if (uncovered.length > 0 && !candidate.importing) {
      const context = { topic: review.contract.topic.name, subject: candidate.subject, version: candidate.version };
      throw new DomainError(
        'CONTRACT_VIOLATION',
        contractViolationMessage(
          context,
          stored.filter((f) => !f.waiverId),
        ),
        {
          field: uncovered[0].path || undefined,
          rule: uncovered[0].rule,
          subject: candidate.subject,
          version: candidate.version,
          fingerprint,
          findings: review.findings,
        },
      );
    }
    await contractStore.insertCheck(em, {
      subject: candidate.subject,
      schemaVersion: candidate.version,
      topicId: review.contract.topic.id,
      ...fieldFigures(review.fields),
      findings: stored,
      checkedAt: this.clock.now(),
    });
    const used = [...new Set(stored.flatMap((f) => (f.waiverId ? [f.waiverId] : [])))];
    if (used.length > 0) {
      await this.audit.append(em, {
        actor: candidate.actor.username,
        action: 'contract.waivers-applied',
        targetType: 'subject',
        targetId: candidate.subject,
        details: { version: candidate.version, waivers: used, rules: stored.filter((f) => f.waiverId).map((f) => f.rule) },
      });
    }
  }

  async review(em: EntityManager, candidate: Omit<AdmissionCandidate, 'actor' | 'importing'>): Promise<AdmissionFinding[] | undefined> {
    return (await reviewCandidate(em, candidate.subject, candidate.schema, candidate.history, dataContractOf(candidate)))?.findings;
  }
}

const dataContractOf = (candidate: Pick<AdmissionCandidate, 'metadata' | 'ruleSet'>) => ({
  metadata: candidate.metadata,
  ruleSet: candidate.ruleSet,
});

/** A waiver covers the blocking findings of its rule: all of them, or the one at its path. */
function withWaiver(finding: Finding, waivers: ContractWaiverEntity[]): StoredFinding {
  if (finding.severity !== 'BLOCK') return finding;
  const waiver = waivers.find((w) => w.rule === finding.rule && (w.path === null || w.path === finding.path));
  return waiver ? { ...finding, waiverId: waiver.id } : finding;
}

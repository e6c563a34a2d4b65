import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ParsedSchema } from '@charter/engine';
import { Principal } from '../auth/domain/principal';
import { Metadata, RuleSet } from './registry.types';

/** What a policy sees of a version about to be stored (already parsed and compatible). */
export interface AdmissionCandidate {
  subject: string;
  version: number;
  schema: ParsedSchema;
  /** The live versions before this one, oldest first (for growth-per-version rules). */
  history: ReadonlyArray<{ version: number; schema: ParsedSchema }>;
  actor: Principal;
  /** IMPORT mode copies history from elsewhere: policies record what they find but do not refuse it. */
  importing?: boolean;
  /** The version's metadata and data-contract rules as they will be stored (after the config merges). */
  metadata?: Metadata | null;
  ruleSet?: RuleSet | null;
  /** What the registry found wrong with the rules without refusing them (tags the schema lacks). */
  ruleWarnings?: AdmissionFinding[];
}

/** One thing a policy found, as the compatibility endpoints return it (`findings`). */
export interface AdmissionFinding {
  rule: string;
  severity: 'BLOCK' | 'WARN';
  path: string;
  message: string;
  hint: string;
}

/**
 * The extension point where a topic's payload contract (the replica guard) plugs in: it is called
 * inside the registration's transaction, after the compatibility check and before the version is
 * stored, and rejects by throwing a DomainError. Bind another implementation to this token.
 */
export abstract class SchemaAdmissionPolicy {
  abstract admit(em: EntityManager, candidate: AdmissionCandidate): Promise<void>;

  /**
   * What `admit` would find, without refusing or writing anything (dry runs such as the
   * compatibility endpoints); undefined when no policy applies to the subject.
   */
  abstract review(em: EntityManager, candidate: Omit<AdmissionCandidate, 'actor' | 'importing'>): Promise<AdmissionFinding[] | undefined>;
}

/** Admits everything: compatibility alone decides. */
@Injectable()
export class AdmitAllPolicy extends SchemaAdmissionPolicy {
  async admit(): Promise<void> {
    // No contract: compatibility alone decides.
  }

  async review(): Promise<undefined> {
    return undefined;
  }
}

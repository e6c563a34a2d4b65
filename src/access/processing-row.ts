import { AccessOperation, LegalBasisMechanism, PurposeCategory } from './domain/access-vocabulary';

/** One recipient of a topic's data: what a privacy officer's record of processing lists. */
export interface ProcessingRow {
  requestId: string;
  topic: string;
  classification: string;
  topicJurisdiction: string;
  ownerTeam: string;
  consumerTeam: string;
  applicationName: string;
  kafkaPrincipal: string;
  operation: AccessOperation;
  purpose: string;
  purposeCategory: PurposeCategory;
  consumerJurisdiction: string;
  crossBorder: boolean;
  legalBasisMechanism: LegalBasisMechanism | null;
  legalBasisReference: string | null;
  grantStart: Date;
  grantEnd: Date;
  /** GRANT for an access grant; MIRROR for a topic mirrored to another cluster. */
  transfer: ProcessingTransfer;
  /** The cluster a MIRROR copies the topic to. */
  targetCluster: string | null;
}

export type ProcessingTransfer = 'GRANT' | 'MIRROR';

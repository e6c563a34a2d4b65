import { Foundation1700000000001 } from './1700000000001-foundation';
import { SchemaRegistry1700000000002 } from './1700000000002-schema-registry';
import { CatalogueTopics1700000000003 } from './1700000000003-catalogue-topics';
import { AccessWorkflow1700000000004 } from './1700000000004-access-workflow';
import { PayloadContracts1700000000005 } from './1700000000005-payload-contracts';
import { ContractWaiverPerSchema1700000000006 } from './1700000000006-contract-waiver-per-schema';
import { WebhookOutboxRetention1700000000007 } from './1700000000007-webhook-outbox-retention';
import { AuditSealing1700000000026 } from './1700000000026-audit-sealing';
import { SchemaIdSequence1700000000027 } from './1700000000027-schema-id-sequence';
import { Continuity1700000000032 } from './1700000000032-continuity';
import { SchemaRuleSets1700000000036 } from './1700000000036-schema-rule-sets';
import { KeyRegistry1700000000037 } from './1700000000037-key-registry';

/** Every migration, in order. Landed migrations are never edited; add a new one instead. */
export const MIGRATIONS = [
  Foundation1700000000001,
  SchemaRegistry1700000000002,
  CatalogueTopics1700000000003,
  AccessWorkflow1700000000004,
  PayloadContracts1700000000005,
  ContractWaiverPerSchema1700000000006,
  WebhookOutboxRetention1700000000007,
  AuditSealing1700000000026,
  SchemaIdSequence1700000000027,
  Continuity1700000000032,
  SchemaRuleSets1700000000036,
  KeyRegistry1700000000037,
];

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
import { RegistryContexts1700000000033 } from './1700000000033-registry-contexts';
import { ClustersAndMirrors1700000000034 } from './1700000000034-clusters-and-mirrors';
import { Exporters1700000000035 } from './1700000000035-exporters';
import { SchemaRuleSets1700000000036 } from './1700000000036-schema-rule-sets';
import { KeyRegistry1700000000037 } from './1700000000037-key-registry';
import { SchemaUsage1700000000038 } from './1700000000038-schema-usage';
import { GrantRecertification1700000000039 } from './1700000000039-grant-recertification';
import { RegistryChangeNotices1700000000040 } from './1700000000040-registry-change-notices';

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
  RegistryContexts1700000000033,
  ClustersAndMirrors1700000000034,
  Exporters1700000000035,
  SchemaRuleSets1700000000036,
  KeyRegistry1700000000037,
  SchemaUsage1700000000038,
  GrantRecertification1700000000039,
  RegistryChangeNotices1700000000040,
];

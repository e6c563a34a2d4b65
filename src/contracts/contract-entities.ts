import { ContractCheckEntity, ContractWaiverEntity } from './contract-records.entity';
import { ContractLimitsEntity, TopicContractEntity } from './contract-settings.entity';

/** The payload contracts' tables, for whoever opens the database. */
export const CONTRACT_ENTITIES = [ContractLimitsEntity, TopicContractEntity, ContractWaiverEntity, ContractCheckEntity];

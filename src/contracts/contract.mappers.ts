import { ContractLimits, AllowedTags, PayloadContract } from './domain/payload-contract';
import { CLASSIFICATIONS, TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';
import { ContractLimitsEntity, TopicContractEntity } from './contract-settings.entity';
import { ContractLimitsModel, PayloadContractModel, TagAllowance, TopicContractModel } from './contract.model';
import { TagAllowanceInput } from './contract.inputs';

const allowances = (tags: AllowedTags): TagAllowance[] =>
  CLASSIFICATIONS.map((classification) => ({ classification, tags: tags[classification] ?? [] }));

export function toPayloadContractModel(contract: PayloadContract): PayloadContractModel {
  return { ...contract, allowedTags: allowances(contract.allowedTags), requiredFields: contract.requiredFields.map((r) => ({ ...r })) };
}

export function toTopicContractModel(view: {
  written: PayloadContract;
  enforced: PayloadContract;
  row?: TopicContractEntity;
}): TopicContractModel {
  return {
    written: toPayloadContractModel(view.written),
    enforced: toPayloadContractModel(view.enforced),
    isDefault: !view.row,
    version: view.row?.version ?? 0,
    updatedBy: view.row?.updatedBy ?? null,
    updatedAt: view.row?.updatedAt ?? null,
  };
}

export function toLimitsModel(entry: { intent: TopicIntent; limits: ContractLimits; row?: ContractLimitsEntity }): ContractLimitsModel {
  return {
    intent: entry.intent,
    ...entry.limits,
    allowedTags: allowances(entry.limits.allowedTags),
    unencryptedPersonalData: {
      confidential: entry.limits.unencryptedPersonalData.CONFIDENTIAL,
      restricted: entry.limits.unencryptedPersonalData.RESTRICTED,
    },
    isDefault: !entry.row,
    version: entry.row?.version ?? 0,
    updatedBy: entry.row?.updatedBy ?? null,
    updatedAt: entry.row?.updatedAt ?? null,
  };
}

/** A list of allowances as a complete map: classifications left out allow nothing. */
export function fromAllowanceInputs(list: TagAllowanceInput[] | undefined): AllowedTags | undefined {
  if (!list) return undefined;
  return Object.fromEntries(
    CLASSIFICATIONS.map((c) => [c, list.filter((a) => a.classification === c).flatMap((a) => a.tags)]),
  ) as AllowedTags;
}

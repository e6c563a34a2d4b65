import { TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';
import { defineLoader } from '../graphql/request-loaders';
import { ContractReportService } from './contract-report.service';
import { WaiverService } from './waiver.service';

export const CONTRACT_GROWTH = defineLoader((reports: ContractReportService, subjects: readonly string[]) => reports.growth(subjects));
/** Keyed `subject@version`. */
export const VERSION_FINDINGS = defineLoader((reports: ContractReportService, keys: readonly string[]) => reports.findingsFor(keys));
/** Keyed `subject@version`. */
export const VERSION_WAIVERS = defineLoader((waivers: WaiverService, keys: readonly string[]) => waivers.forVersions(keys));
/** Keyed `id:intent`: the contract depends on both, and strings keep the DataLoader cache effective. */
export const TOPIC_CONTRACT = defineLoader((reports: ContractReportService, keys: readonly string[]) =>
  reports.contractsOf(keys.map((k) => ({ id: k.slice(0, k.indexOf(':')), intent: k.slice(k.indexOf(':') + 1) as TopicIntent }))),
);

import { defineLoader } from '../../graphql/request-loaders';
import { KeyReportService } from '../key-report.service';

export const DEKS_OF_KEK = defineLoader((reports: KeyReportService, names: readonly string[]) => reports.deksOfKeks(names));
export const READS_OF_KEK = defineLoader((reports: KeyReportService, names: readonly string[]) => reports.readsOfKeks(names));
export const KEYS_OF_TOPIC = defineLoader((reports: KeyReportService, names: readonly string[]) => reports.keysOfTopics(names));

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../graphql/graphql-context';
import { RequestLoaders } from '../graphql/request-loaders';
import { PayloadContract } from './domain/payload-contract';
import { SchemaVersionModel } from '../catalogue/schemas/schema-version.model';
import { subjectsOfTopic, TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';
import { Topic } from '../catalogue/topics/topic.model';
import { ContractWaiverEntity, StoredFinding } from './contract-records.entity';
import { ContractReportService, GrowthPoint } from './contract-report.service';
import { toTopicContractModel } from './contract.mappers';
import { ContractFindingModel, ContractGrowthModel, ContractWaiverModel, TopicContractModel } from './contract.model';
import { TopicContractEntity } from './contract-settings.entity';
import { WaiverService } from './waiver.service';
import { FIELD_COSTS } from '../graphql/field-costs';

type ContractView = { written: PayloadContract; enforced: PayloadContract; row?: TopicContractEntity };

/** The replica guard's fields on catalogue types; every one batched per request. */
@Resolver(() => Topic)
export class TopicContractFieldsResolver {
  constructor(private readonly reports: ContractReportService) {}

  @ResolveField(() => TopicContractModel, { description: 'The topic\'s payload contract, as written and as enforced.' })
  async contract(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<TopicContractModel> {
    return toTopicContractModel(await contractLoader(loaders, this.reports).load(`${topic.id}:${topic.intent}`));
  }

  @ResolveField(() => ContractGrowthModel, { complexity: FIELD_COSTS.schemaAnalysis, description: 'How the value schema grew, version by version, against the field budget: a chart for portals.' })
  async contractGrowth(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<ContractGrowthModel> {
    const subject = subjectsOfTopic(topic.name).value;
    const [points, contract] = await Promise.all([
      loaders.get<string, GrowthPoint[]>('contract.growth', (subjects) => this.reports.growth(subjects)).load(subject),
      contractLoader(loaders, this.reports).load(`${topic.id}:${topic.intent}`),
    ]);
    return {
      subject,
      maxLeafFields: contract.enforced.maxLeafFields,
      points: points.map((p) => ({
        ...p,
        taggedShare: p.leafFields === 0 ? 0 : p.taggedLeafFields / p.leafFields,
        waivedFindings: p.findings && p.findings.filter((f) => f.waiverId).length,
        warnings: p.findings && p.findings.filter((f) => f.severity === 'WARN').length,
      })),
    };
  }
}

@Resolver(() => SchemaVersionModel)
export class SchemaVersionContractResolver {
  constructor(
    private readonly reports: ContractReportService,
    private readonly waiverService: WaiverService,
  ) {}

  @ResolveField(() => [ContractFindingModel], {
    nullable: true,
    description: 'What the payload contract found when this version was registered; null when no contract applied.',
  })
  findings(@Parent() version: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<StoredFinding[] | null> {
    return loaders.get<string, StoredFinding[] | null>('contract.findings', (keys) => this.reports.findingsFor(keys)).load(`${version.subject}@${version.version}`);
  }

  @ResolveField(() => [ContractWaiverModel], { description: 'Waivers requested for this version.' })
  waivers(@Parent() version: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<ContractWaiverEntity[]> {
    return loaders.get<string, ContractWaiverEntity[]>('contract.waivers', (keys) => this.waiverService.forVersions(keys)).load(`${version.subject}@${version.version}`);
  }
}

/** Keyed `id:intent`: the contract depends on both, and strings keep the DataLoader cache effective. */
function contractLoader(loaders: RequestLoaders, reports: ContractReportService) {
  return loaders.get<string, ContractView>('contract.ofTopic', (keys) =>
    reports.contractsOf(keys.map((k) => ({ id: k.slice(0, k.indexOf(':')), intent: k.slice(k.indexOf(':') + 1) as TopicIntent }))),
  );
}

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../graphql/graphql-context';
import { RequestLoaders } from '../graphql/request-loaders';
import { SchemaVersionModel } from '../catalogue/schemas/schema-version.model';
import { subjectsOfTopic } from '../catalogue/topics/domain/topic-vocabulary';
import { Topic } from '../catalogue/topics/topic.model';
import { ContractWaiverEntity, StoredFinding } from './contract-records.entity';
import { ContractReportService } from './contract-report.service';
import { toTopicContractModel } from './contract.mappers';
import { ContractFindingModel, ContractGrowthModel, ContractWaiverModel, TopicContractModel } from './contract.model';
import { WaiverService } from './waiver.service';
import { FIELD_COSTS } from '../graphql/field-costs';
import { CONTRACT_GROWTH, TOPIC_CONTRACT, VERSION_FINDINGS, VERSION_WAIVERS } from './contract.loaders';

/** The replica guard's fields on catalogue types; every one batched per request. */
@Resolver(() => Topic)
export class TopicContractFieldsResolver {
  constructor(private readonly reports: ContractReportService) {}

  @ResolveField(() => TopicContractModel, { description: "The topic's payload contract, as written and as enforced." })
  async contract(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<TopicContractModel> {
    return toTopicContractModel(await contractLoader(loaders, this.reports).load(`${topic.id}:${topic.intent}`));
  }

  @ResolveField(() => ContractGrowthModel, {
    complexity: FIELD_COSTS.schemaAnalysis,
    description: 'How the value schema grew, version by version, against the field budget: a chart for portals.',
  })
  async contractGrowth(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<ContractGrowthModel> {
    const subject = subjectsOfTopic(topic.name).value;
    const [points, contract] = await Promise.all([
      loaders.get(CONTRACT_GROWTH, this.reports).load(subject),
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
    return loaders.get(VERSION_FINDINGS, this.reports).load(`${version.subject}@${version.version}`);
  }

  @ResolveField(() => [ContractWaiverModel], { description: 'Waivers requested for this version.' })
  waivers(@Parent() version: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<ContractWaiverEntity[]> {
    return loaders.get(VERSION_WAIVERS, this.waiverService).load(`${version.subject}@${version.version}`);
  }
}

/** Keyed `id:intent`: the contract depends on both. */
function contractLoader(loaders: RequestLoaders, reports: ContractReportService) {
  return loaders.get(TOPIC_CONTRACT, reports);
}

import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../auth/domain/principal';
import { Caller, Loaders } from '../graphql/graphql-context';
import { RequestLoaders } from '../graphql/request-loaders';
import { notFound } from '../kernel/domain-error';
import { TopicQueryService } from '../catalogue/topics/topic-query.service';
import { Topic } from '../catalogue/topics/topic.model';
import { ContractReportService } from './contract-report.service';
import { CheckSchemaInput, SetContractLimitsInput, UpdateTopicContractInput } from './contract.inputs';
import { fromAllowanceInputs, toLimitsModel, toPayloadContractModel, toTopicContractModel } from './contract.mappers';
import { ContractLimitsModel, SchemaCheckModel, TopicContractModel } from './contract.model';
import { TopicBudgetModel } from './topic-budget.model';
import { TopicContractService } from './topic-contract.service';
import { PageSizeArg } from '../graphql/input-args';
import { FIELD_COSTS } from '../graphql/field-costs';
import { TOPIC_BY_ID } from '../catalogue/topics/topic.loaders';

/** Payload contracts over GraphQL: dry runs, contract and ceiling edits, budgets. */
@Resolver()
export class ContractResolver {
  constructor(
    private readonly contracts: TopicContractService,
    private readonly reports: ContractReportService,
  ) {}

  @Query(() => SchemaCheckModel, {
    complexity: FIELD_COSTS.schemaAnalysis,
    description: "Checks a schema against its topic's payload contract as registration would, without registering it.",
  })
  async checkSchema(@Caller() _caller: Principal, @Args('input') input: CheckSchemaInput): Promise<SchemaCheckModel> {
    const result = await this.reports.checkSchema({ ...input, references: input.references ?? [] });
    return {
      ...result,
      blocking: result.findings.some((f) => f.severity === 'BLOCK'),
      contract: result.contract && toPayloadContractModel(result.contract),
    };
  }

  @Query(() => [ContractLimitsModel], { description: 'The ceilings stewards set for payload contracts, one per topic intent.' })
  async contractLimits(@Caller() _caller: Principal): Promise<ContractLimitsModel[]> {
    return (await this.contracts.limits()).map(toLimitsModel);
  }

  @Query(() => [TopicBudgetModel], {
    complexity: FIELD_COSTS.catalogueScan,
    description: 'Catalogued topics whose latest value version uses most of its field budget, fullest first.',
  })
  async topicsClosestToBudget(@Caller() _caller: Principal, @PageSizeArg(20) first: number | undefined): Promise<TopicBudgetModel[]> {
    return (await this.reports.closestToBudget(first ?? 20)).map((b) => ({ ...b, budgetUsed: b.leafFields / b.maxLeafFields }));
  }

  @Mutation(() => TopicContractModel, {
    description: "Changes a topic's payload contract (owners, stewards, admins), within the steward's ceilings.",
  })
  async updateTopicContract(@Caller() caller: Principal, @Args('input') input: UpdateTopicContractInput): Promise<TopicContractModel> {
    const { topic, expectedVersion, allowedTags, ...rest } = input;
    const view = await this.contracts.update(caller, topic, { ...rest, allowedTags: fromAllowanceInputs(allowedTags) }, expectedVersion);
    return toTopicContractModel(view);
  }

  @Mutation(() => TopicContractModel, { description: 'Returns a topic to the default contract of its intent (owners, stewards, admins).' })
  async resetTopicContract(
    @Caller() caller: Principal,
    @Args('topic', { description: 'The topic whose contract returns to the defaults.' }) topic: string,
  ): Promise<TopicContractModel> {
    return toTopicContractModel(await this.contracts.reset(caller, topic));
  }

  @Mutation(() => ContractLimitsModel, { description: 'Sets the ceilings of payload contracts for one intent (stewards, admins).' })
  async setContractLimits(@Caller() caller: Principal, @Args('input') input: SetContractLimitsInput): Promise<ContractLimitsModel> {
    const { intent, expectedVersion, allowedTags, unencryptedPersonalData, ...rest } = input;
    const policy = unencryptedPersonalData && {
      CONFIDENTIAL: unencryptedPersonalData.confidential,
      RESTRICTED: unencryptedPersonalData.restricted,
    };
    return toLimitsModel(
      await this.contracts.setLimits(
        caller,
        intent,
        { ...rest, allowedTags: fromAllowanceInputs(allowedTags), unencryptedPersonalDataChange: policy },
        expectedVersion,
      ),
    );
  }
}

@Resolver(() => TopicBudgetModel)
export class TopicBudgetResolver {
  constructor(private readonly topics: TopicQueryService) {}

  @ResolveField(() => Topic, { description: 'The topic.' })
  async topic(@Parent() budget: TopicBudgetModel, @Loaders() loaders: RequestLoaders): Promise<Topic> {
    const topic = await loaders.get(TOPIC_BY_ID, this.topics).load(budget.topicId);
    if (!topic) throw notFound('Topic', budget.topicId);
    return topic;
  }
}

import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Principal } from '../auth/domain/principal';
import { Caller } from '../graphql/graphql-context';
import { ContractWaiverFilter, DecideContractWaiverInput, RequestContractWaiverInput } from './contract.inputs';
import { ContractWaiverModel } from './contract.model';
import { WaiverService } from './waiver.service';

/** Waivers: owners ask, stewards decide, everyone can see. */
@Resolver(() => ContractWaiverModel)
export class WaiverResolver {
  constructor(private readonly waivers: WaiverService) {}

  @Query(() => [ContractWaiverModel], { description: 'Contract waivers, newest first.' })
  contractWaivers(
    @Caller() _caller: Principal,
    @Args('filter', { nullable: true, description: 'Which waivers.' }) filter?: ContractWaiverFilter,
  ): Promise<ContractWaiverModel[]> {
    return this.waivers.list({ subject: filter?.subject, state: filter?.state }, filter?.first ?? 50);
  }

  @Mutation(() => ContractWaiverModel, {
    description: 'Asks for a version still to be registered to pass a blocking rule (owners, admins); a steward decides.',
  })
  requestContractWaiver(@Caller() caller: Principal, @Args('input') input: RequestContractWaiverInput): Promise<ContractWaiverModel> {
    return this.waivers.request(caller, input);
  }

  @Mutation(() => ContractWaiverModel, { description: 'Grants a waiver request (stewards other than the requester).' })
  approveContractWaiver(@Caller() caller: Principal, @Args('input') input: DecideContractWaiverInput): Promise<ContractWaiverModel> {
    return this.waivers.decide(caller, input.id, 'APPROVE', input.note, input.expectedVersion);
  }

  @Mutation(() => ContractWaiverModel, { description: 'Rejects a waiver request (stewards other than the requester).' })
  rejectContractWaiver(@Caller() caller: Principal, @Args('input') input: DecideContractWaiverInput): Promise<ContractWaiverModel> {
    return this.waivers.decide(caller, input.id, 'REJECT', input.note, input.expectedVersion);
  }
}

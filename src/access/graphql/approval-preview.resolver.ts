import { Args, Query, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Caller } from '../../graphql/graphql-context';
import { AccessApprovalPreviewService } from '../access-approval-preview.service';
import { AccessOperation } from '../domain/access-vocabulary';
import { AccessOperationEnum } from './access.enums';
import { AccessApprovalPreview } from './approval-preview.model';

/** What a request form asks before submitting: who will approve, and where data may be processed. */
@Resolver()
export class ApprovalPreviewResolver {
  constructor(private readonly previews: AccessApprovalPreviewService) {}

  @Query(() => AccessApprovalPreview, {
    description:
      'Who would have to approve a request for this topic, and why, and whether it needs a legal basis; the same rules as requestAccess, nothing written. Refuses what requestAccess would refuse about the same answers.',
  })
  accessApprovalPreview(
    @Caller() caller: Principal,
    @Args('topic', { description: 'The Kafka topic name.' }) topic: string,
    @Args('operation', {
      type: () => AccessOperationEnum,
      nullable: true,
      defaultValue: 'READ',
      description: 'READ (consume) or WRITE (produce).',
    })
    operation?: AccessOperation,
    @Args('consumerJurisdiction', {
      type: () => String,
      nullable: true,
      description: "Where the consumer would process the data (a configured jurisdiction); left out, the topic's own.",
    })
    consumerJurisdiction?: string,
    @Args('kafkaPrincipal', {
      type: () => String,
      nullable: true,
      description: 'The principal to grant, e.g. `User:svc-fraud`; left out, a named principal is assumed.',
    })
    kafkaPrincipal?: string,
  ): Promise<AccessApprovalPreview> {
    return this.previews.preview(caller, topic, { operation: operation ?? 'READ', consumerJurisdiction, kafkaPrincipal });
  }

  @Query(() => [String], { description: 'The configured jurisdictions (CHARTER_JURISDICTIONS): what consumerJurisdiction may name.' })
  jurisdictions(@Caller() _caller: Principal): readonly string[] {
    return this.previews.jurisdictions();
  }
}

import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Topic } from '../../catalogue/topics/topic.model';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Kek } from '../domain/key-vocabulary';
import { KeyReportService } from '../key-report.service';
import { KekDataKeys, KekModel, KeyReadCount, TopicEncryptionKey } from './key.model';
import { DEKS_OF_KEK, KEYS_OF_TOPIC, READS_OF_KEK } from './key.loaders';

/** KEKs for admins and stewards: where each KMS lives, what it serves and who read its keys. */
@Resolver(() => KekModel)
export class KekResolver {
  constructor(private readonly reports: KeyReportService) {}

  @Query(() => KekModel, { nullable: true, description: 'One KEK by name (soft-deleted ones too); admins and stewards.' })
  kek(@Caller() caller: Principal, @Args('name') name: string): Promise<Kek | null> {
    return this.reports.kek(caller, name);
  }

  @Query(() => [KekModel], { description: 'Every KEK, by name; admins and stewards.' })
  keks(
    @Caller() caller: Principal,
    @Args('includeDeleted', { defaultValue: false, description: 'Include soft-deleted KEKs.' }) includeDeleted: boolean,
  ): Promise<Kek[]> {
    return this.reports.keks(caller, includeDeleted);
  }

  @ResolveField(() => [KekDataKeys], { description: 'The data keys under this KEK, by subject and algorithm; no key material.' })
  dataKeys(@Parent() kek: KekModel, @Loaders() loaders: RequestLoaders) {
    return loaders.get(DEKS_OF_KEK, this.reports).load(kek.name);
  }

  @ResolveField(() => [KeyReadCount], { description: 'Successful data key reads, per principal and subject.' })
  reads(@Parent() kek: KekModel, @Loaders() loaders: RequestLoaders) {
    return loaders.get(READS_OF_KEK, this.reports).load(kek.name);
  }
}

/** The key registry's field on the catalogue's Topic type, kept here so the catalogue does not know about keys. */
@Resolver(() => Topic)
export class TopicEncryptionKeysResolver {
  constructor(private readonly reports: KeyReportService) {}

  @ResolveField(() => [TopicEncryptionKey], {
    description: "The KEKs whose data keys encrypt fields of the topic's subjects: KEK name, KMS type and jurisdiction; no key material.",
  })
  async encryptionKeys(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<TopicEncryptionKey[]> {
    const rows = await loaders.get(KEYS_OF_TOPIC, this.reports).load(topic.name);
    return rows.map((r) => ({
      subject: r.subject,
      kekName: r.kek.name,
      kmsType: r.kek.kmsType,
      jurisdiction: r.kek.jurisdiction,
      algorithm: r.algorithm,
      latestVersion: r.latestVersion,
    }));
  }
}

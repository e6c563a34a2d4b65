import { Args, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Caller } from '../../graphql/graphql-context';
import { AsyncApiExportService } from './asyncapi-export.service';
import { serialise } from './asyncapi-format';
import { FIELD_COSTS } from '../../graphql/field-costs';

export enum AsyncApiDocumentFormat {
  YAML = 'yaml',
  JSON = 'json',
}
registerEnumType(AsyncApiDocumentFormat, {
  name: 'AsyncApiDocumentFormat',
  description: 'How an AsyncAPI document is written out.',
  valuesMap: { YAML: { description: 'YAML (the default).' }, JSON: { description: 'JSON.' } },
});

@Resolver()
export class AsyncApiResolver {
  constructor(private readonly exports: AsyncApiExportService) {}

  @Query(() => String, {
    complexity: FIELD_COSTS.wholeCatalogue,
    description:
      "The catalogue, or one team's part of it, as an AsyncAPI 3.0.0 document: a channel per topic, its latest value schema as the message payload, owners, classifications and policies as x-charter-* extensions.",
  })
  async asyncApiDocument(
    @Caller() _caller: Principal,
    @Args('team', { nullable: true, description: 'Only the topics this team (slug) owns.' }) team?: string,
    @Args('format', {
      type: () => AsyncApiDocumentFormat,
      nullable: true,
      defaultValue: AsyncApiDocumentFormat.YAML,
      description: 'YAML or JSON.',
    })
    format?: AsyncApiDocumentFormat,
  ): Promise<string> {
    return serialise(await this.exports.document(team), format === AsyncApiDocumentFormat.JSON ? 'json' : 'yaml');
  }
}

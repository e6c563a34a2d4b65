import { defineLoader } from '../../../graphql/request-loaders';
import { MirrorQueryService } from '../mirror-query.service';

export const MIRROR_SLOTS = defineLoader((queries: MirrorQueryService, ids: readonly string[]) => queries.slotsOf(ids));
export const ACTIVE_MIRRORS_OF_TOPIC = defineLoader((queries: MirrorQueryService, topicIds: readonly string[]) =>
  queries.activeByTopicIds(topicIds),
);
export const MIRROR_REGIONS_OF_TOPIC = defineLoader((queries: MirrorQueryService, topicIds: readonly string[]) =>
  queries.mirrorRegionsByTopicIds(topicIds),
);

import { defineLoader } from '../../graphql/request-loaders';
import { TopicQueryService } from './topic-query.service';

export const TOPIC_BY_ID = defineLoader((topics: TopicQueryService, ids: readonly string[]) => topics.byIds(ids));
export const TOPICS_OF_TEAM = defineLoader((topics: TopicQueryService, teamIds: readonly string[]) => topics.byOwnerTeamIds(teamIds));

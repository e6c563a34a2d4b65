import { fieldsOf } from '../../contracts/domain/schema-fields';
import { defineLoader } from '../../graphql/request-loaders';
import { SubjectHistoryService } from '../../registry/subject-history.service';

export const LIVE_VERSIONS = defineLoader((history: SubjectHistoryService, subjects: readonly string[]) => history.liveVersions(subjects));
export const SCHEMA_BY_ID = defineLoader((history: SubjectHistoryService, ids: readonly number[]) => history.schemas(ids));
export const PARSED_SCHEMA = defineLoader((history: SubjectHistoryService, ids: readonly number[]) => history.parsed(ids));
export const SCHEMA_FIELDS = defineLoader(async (history: SubjectHistoryService, ids: readonly number[]) =>
  (await history.parsed(ids)).map((p) => (p instanceof Error ? p : fieldsOf(p))),
);

import { defineLoader } from '../../graphql/request-loaders';
import { ClusterService } from './cluster.service';

export const CLUSTER_BY_ID = defineLoader((clusters: ClusterService, ids: readonly string[]) => clusters.byIds(ids));

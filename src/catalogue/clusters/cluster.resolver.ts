import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal } from '../../auth/domain/principal';
import { Caller, Loaders } from '../../graphql/graphql-context';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Topic } from '../topics/topic.model';
import { CLUSTER_BY_ID } from './cluster.loaders';
import { Cluster } from './cluster.model';
import { RegisterClusterInput, UpdateClusterInput } from './cluster.inputs';
import { ClusterService, unknownCluster } from './cluster.service';

@Resolver(() => Cluster)
export class ClusterResolver {
  constructor(private readonly service: ClusterService) {}

  @Query(() => [Cluster], { description: 'Every catalogued Kafka cluster, by name.' })
  clusters(@Caller() _caller: Principal): Promise<Cluster[]> {
    return this.service.list();
  }

  @Query(() => Cluster, { description: 'One catalogued Kafka cluster by name.' })
  async cluster(@Caller() _caller: Principal, @Args('name') name: string): Promise<Cluster> {
    const cluster = await this.service.findByName(name);
    if (!cluster) throw unknownCluster(name, 'name');
    return cluster;
  }

  @Mutation(() => Cluster, { description: 'Adds a Kafka cluster to the catalogue (admins).' })
  registerCluster(@Caller() caller: Principal, @Args('input') input: RegisterClusterInput): Promise<Cluster> {
    return this.service.register(caller, input);
  }

  @Mutation(() => Cluster, { description: "Corrects a cluster's region, jurisdiction, zones or bootstrap address (admins)." })
  updateCluster(@Caller() caller: Principal, @Args('input') input: UpdateClusterInput): Promise<Cluster> {
    return this.service.update(caller, input);
  }
}

@Resolver(() => Topic)
export class TopicClusterResolver {
  constructor(private readonly clusters: ClusterService) {}

  @ResolveField(() => Cluster, { description: 'The Kafka cluster the topic lives on.' })
  async cluster(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<Cluster> {
    return (await loaders.get(CLUSTER_BY_ID, this.clusters).load(topic.clusterId))!;
  }
}

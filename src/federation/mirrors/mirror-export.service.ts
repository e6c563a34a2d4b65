import { Injectable } from '@nestjs/common';
import { ClusterService, unknownCluster } from '../../catalogue/clusters/cluster.service';
import { invalidInput } from '../../kernel/domain-error';
import { renderMirrorMaker2 } from './domain/mirrormaker2-properties';
import { MirrorQueryService } from './mirror-query.service';

const GENERATOR = 'Charter';

/** Renders the MirrorMaker 2 configuration of one source -> target flow from the active mirrors. */
@Injectable()
export class MirrorExportService {
  constructor(
    private readonly clusters: ClusterService,
    private readonly queries: MirrorQueryService,
  ) {}

  async mirrorMaker2(sourceName: string, targetName: string | undefined): Promise<string> {
    if (!targetName) {
      throw invalidInput(
        'target',
        'required',
        `'target' is required: the name of the cluster the topics are mirrored to, e.g. ?target=us-main.`,
      );
    }
    const source = await this.clusters.findByName(sourceName);
    if (!source) throw unknownCluster(sourceName, 'name');
    const target = await this.clusters.findByName(targetName);
    if (!target) throw unknownCluster(targetName, 'target');
    if (source.id === target.id) {
      throw invalidInput('target', 'other-cluster', `'target' must be another cluster than the source '${source.name}'.`);
    }
    const topics = await this.queries.activeTopicsForPair(source.id, target.id);
    return renderMirrorMaker2({ source, target, topics, generator: GENERATOR });
  }
}

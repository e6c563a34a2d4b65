import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { teamStore } from '../catalogue/teams/team.store';
import { TOPIC_NAME, TOPIC_NAME_RULE } from '../catalogue/topics/domain/topic-vocabulary';
import { topicStore } from '../catalogue/topics/topic.store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { invalidInput } from '../kernel/domain-error';
import { AccessActor } from './domain/access-vocabulary';
import { unknownTopic } from './domain/approval-policy';
import { ApprovalPreview, previewApprovals, PreviewQuestion } from './domain/approval-preview';
import { topicPolicyOf } from './persistence/access-request.store';

/**
 * Who would approve a request, before it is made: reads the topic as submission does and asks
 * the same rules, writing nothing. Every signed-in caller may ask, as every one may request.
 */
@Injectable()
export class AccessApprovalPreviewService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(actor: AccessActor, topicName: string, question: PreviewQuestion): Promise<ApprovalPreview> {
    if (!TOPIC_NAME.test(topicName)) throw invalidInput('topic', 'topic-name', `'topic' ${TOPIC_NAME_RULE}.`);
    const topic = await topicStore.byName(this.dataSource.manager, topicName);
    if (!topic) throw unknownTopic(topicName);
    const owner = await teamStore.byId(this.dataSource.manager, topic.ownerTeamId);
    return previewApprovals(
      { ...topicPolicyOf(topic), ownerTeam: owner.slug },
      question,
      { transferRules: this.config.access.allowedTransfers, jurisdictions: this.config.jurisdictions },
      { admin: actor.roles.includes('admin') },
    );
  }

  /** The jurisdictions a request may name as where its data is processed. */
  jurisdictions(): readonly string[] {
    return this.config.jurisdictions;
  }
}

import { EntityManager } from 'typeorm';
import { RecertificationCampaignEntity } from '../persistence/recertification.entity';
import { webhookStore } from '../persistence/webhook.store';

const CAMPAIGN_STARTED = 'recertification.campaign.started';

/** One grant under review, as a team's receiver sees it in the announcement. */
export interface AnnouncedItem {
  itemId: string;
  grantId: string;
  topic: string;
  ownerTeam: string;
  ownerTeamId: string;
  requestingTeam: string;
  requestingTeamId: string;
  operation: string;
  kafkaPrincipal: string;
  applicationName: string;
}

/**
 * Announces a campaign to every team it concerns, in the campaign's transaction: the owning teams
 * (they must answer) and the teams holding the grants (they may lose them). Each team's event
 * lists only the items that concern it.
 */
export async function enqueueCampaignStarted(
  em: EntityManager,
  campaign: RecertificationCampaignEntity,
  items: readonly AnnouncedItem[],
): Promise<number> {
  const teamIds = [...new Set(items.flatMap((i) => [i.ownerTeamId, i.requestingTeamId]))];
  if (teamIds.length === 0) return 0;
  return webhookStore.enqueue(em, teamIds, CAMPAIGN_STARTED, (teamId) => {
    const mine = items.filter((i) => i.ownerTeamId === teamId || i.requestingTeamId === teamId);
    return {
      type: CAMPAIGN_STARTED,
      occurredAt: campaign.startedAt.toISOString(),
      actor: campaign.startedBy,
      campaign: {
        id: campaign.id,
        scope: { kind: campaign.scopeKind, value: campaign.scopeValue },
        deadlineDays: campaign.deadlineDays,
        deadline: campaign.deadline.toISOString(),
        note: campaign.note,
      },
      items: mine.map((i) => ({
        itemId: i.itemId,
        grantId: i.grantId,
        topic: i.topic,
        ownerTeam: i.ownerTeam,
        requestingTeam: i.requestingTeam,
        operation: i.operation,
        kafkaPrincipal: i.kafkaPrincipal,
        applicationName: i.applicationName,
        // The owning team answers; the holding team is told what it may lose.
        youAnswer: i.ownerTeamId === teamId,
      })),
    };
  });
}

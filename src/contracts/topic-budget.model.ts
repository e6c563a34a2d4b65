import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Topic } from '../catalogue/topics/topic.model';

@ObjectType('TopicBudget', { description: "How much of its field budget a topic's latest value version uses." })
export class TopicBudgetModel {
  /** Resolved to the Topic by a field resolver. */
  topicId: string;

  @Field(() => Topic, { description: 'The topic.' })
  topic?: Topic;

  @Field({ description: 'Its value subject.' })
  subject: string;

  @Field(() => Int, { description: 'The latest live version.' })
  version: number;

  @Field(() => Int, { description: 'Leaf fields of that version.' })
  leafFields: number;

  @Field(() => Int, { description: 'The enforced field budget.' })
  maxLeafFields: number;

  @Field(() => Float, { description: 'leafFields / maxLeafFields; above 1 means over budget.' })
  budgetUsed: number;
}

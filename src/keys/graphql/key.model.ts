import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

@ObjectType({ description: "A subject's data keys under a KEK, for one algorithm. The wrapped key material is never shown here." })
export class KekDataKeys {
  @Field({ description: 'The registry subject the keys encrypt fields of.' })
  subject: string;

  @Field({ description: 'AES128_GCM, AES256_GCM or AES256_SIV.' })
  algorithm: string;

  @Field(() => [Int], { description: 'Versions stored, soft-deleted ones included.' })
  versions: number[];

  @Field({ description: 'Whether every version is soft-deleted.' })
  deleted: boolean;
}

@ObjectType({ description: 'Successful reads of one subject’s data keys by one principal (counted, not audited one by one).' })
export class KeyReadCount {
  @Field({ description: 'Who read.' })
  principal: string;

  @Field({ description: 'The subject whose data key was read.' })
  subject: string;

  @Field(() => Int, { description: 'How many successful reads.' })
  reads: number;

  @Field(() => GraphQLISODateTime, { description: 'The last one.' })
  lastReadAt: Date;
}

@ObjectType({ description: 'A key encryption key: a key in a KMS of one jurisdiction, which clients wrap data keys with.' })
export class KekModel {
  @Field({ description: 'Name, as in `encrypt.kek.name` of ENCRYPT rules.' })
  name: string;

  @Field({ description: 'KMS type: aws-kms, azure-kms, gcp-kms, hcvault, local-kms...' })
  kmsType: string;

  @Field({ description: 'The key’s id in its KMS (an identifier, not key material).' })
  kmsKeyId: string;

  @Field(() => GraphQLJSON, { description: 'KMS properties, as registered.' })
  kmsProps: Record<string, string>;

  @Field(() => String, { nullable: true, description: 'Free text.' })
  doc: string | null;

  @Field({ description: 'Jurisdiction of the KMS; DEKs under this KEK serve only topics of this jurisdiction.' })
  jurisdiction: string;

  @Field({ description: 'Whether soft-deleted.' })
  deleted: boolean;

  @Field(() => GraphQLISODateTime, { description: 'Last change.' })
  updatedAt: Date;
}

@ObjectType({ description: "A key serving a topic's subject: which KEK, in which KMS and jurisdiction. No key material." })
export class TopicEncryptionKey {
  @Field({ description: 'The subject (`<topic>-value` or `<topic>-key`).' })
  subject: string;

  @Field({ description: 'The KEK wrapping the data keys.' })
  kekName: string;

  @Field({ description: 'The KEK’s KMS type.' })
  kmsType: string;

  @Field({ description: 'The KEK’s jurisdiction.' })
  jurisdiction: string;

  @Field({ description: 'The data keys’ algorithm.' })
  algorithm: string;

  @Field(() => Int, { description: 'Newest live data key version.' })
  latestVersion: number;
}

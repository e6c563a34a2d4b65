/**
 * The GraphQL ceiling: a minimal NestJS 11 + Apollo 5 app on Fastify (@as-integrations/fastify
 * through @nestjs/apollo), code first like Charter, answering `{ me { username } }` from memory.
 * No authentication, logging or database. Started by bench/http.bench.ts as its own process.
 * Usage: nest-apollo-fastify.app.ts <port> <username>
 */
import 'reflect-metadata';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Field, GraphQLModule, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

const [port, username] = process.argv.slice(2);

@ObjectType()
class Me {
  @Field()
  username!: string;
}

@Resolver(() => Me)
class MeResolver {
  @Query(() => Me)
  me(): Me {
    return { username };
  }
}

@Module({
  imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, path: '/graphql', autoSchemaFile: true, playground: false })],
  providers: [MeResolver],
})
class MinimalGraphqlModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(MinimalGraphqlModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(port), '127.0.0.1');
  console.log('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * The framework's own ceiling: a minimal NestJS 11 app on @nestjs/platform-fastify with one
 * controller answering the small JSON Charter answers on `/health/live`, and nothing else (no
 * logging, no middleware, no database). Started by bench/http.bench.ts as its own process.
 * Usage: nest-fastify.app.ts <port> <JSON body to answer>
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

const [port, body] = process.argv.slice(2);
const answer: unknown = JSON.parse(body);

@Controller()
class HealthController {
  @Get('/health/live')
  live(): unknown {
    return answer;
  }
}

@Module({ controllers: [HealthController] })
class MinimalModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(MinimalModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(port), '127.0.0.1');
  console.log('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { statementCount } from '../database/statement-counter';

interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Prometheus metrics of one replica: HTTP traffic by route, database pool use, process health. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'charter_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'charter_http_request_duration_seconds',
    help: 'HTTP request latency by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  // Labels stay few: the protocol, the route pattern or GraphQL root field, and the error code.
  private readonly refusals = new Counter({
    name: 'charter_authorization_refusals_total',
    help: 'Refused authorization (FORBIDDEN, or UNAUTHENTICATED for a credential that was presented and rejected) by protocol, action and code.',
    labelNames: ['protocol', 'action', 'code'] as const,
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => (dataSource.driver as unknown as { master?: PoolStats }).master;
    const gauge = (name: string, help: string, read: (p: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const p = pool();
          if (p) this.set(read(p));
        },
      });
    gauge('charter_db_pool_connections', 'Connections open in the database pool.', (p) => p.totalCount);
    gauge('charter_db_pool_idle', 'Idle connections in the database pool.', (p) => p.idleCount);
    new Counter({
      name: 'charter_db_statements_total',
      help: 'SQL statements sent to the database.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(statementCount(dataSource.logger) ?? 0);
      },
    });
    gauge('charter_db_pool_waiting', 'Requests waiting for a database connection.', (p) => p.waitingCount);
  }

  refused(protocol: 'graphql' | 'rest', action: string, code: string) {
    this.refusals.inc({ protocol, action, code });
  }

  observe(method: string, route: string, status: number, seconds: number) {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  /** A Fastify `onResponse` hook: the matched route pattern, never the raw URL, keeps label values few. */
  observeRequest(request: FastifyRequest, reply: FastifyReply) {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    this.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  }
}

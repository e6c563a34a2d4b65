import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

interface DeclaredRoute {
  method: string;
  path: string;
  pattern: RegExp;
}

/**
 * Every route the controllers declare, read once from Nest's own decorator metadata. It tells a
 * wrong method (405, with the methods that would have matched) from an unknown path (404) without
 * looking inside the HTTP framework's router.
 */
@Injectable()
export class RouteTable implements OnApplicationBootstrap {
  private routes: DeclaredRoute[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const routes: DeclaredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const prefixes = pathList(Reflect.getMetadata(PATH_METADATA, metatype));
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        // `@All` answers every method, so it can never be the reason for a 405.
        if (method === undefined || method === RequestMethod.ALL) continue;
        for (const prefix of prefixes) {
          for (const sub of pathList(Reflect.getMetadata(PATH_METADATA, handler))) {
            const path = joinPath(prefix, sub);
            routes.push({ method: RequestMethod[method], path, pattern: patternOf(path) });
          }
        }
      }
    }
    this.routes = routes;
  }

  /** The declared methods whose path matches `path` (as the client sent it), sorted. */
  allowedMethods(path: string): string[] {
    const methods = new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    return [...methods].sort();
  }

  /** The declared routes as `METHOD /path`, for diagnostics and tests. */
  declared(): string[] {
    return this.routes.map((r) => `${r.method} ${r.path}`);
  }
}

function pathList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

function joinPath(prefix: string, sub: string): string {
  const parts = [...prefix.split('/'), ...sub.split('/')].filter((p) => p !== '');
  return `/${parts.join('/')}`;
}

/**
 * The route's path as the router matches it: `:name` is one segment, matching is case-insensitive and
 * a trailing slash is optional. Other path syntax is refused at start-up rather than misread.
 */
export function patternOf(path: string): RegExp {
  const segments = path.split('/').filter((s) => s !== '');
  const source = segments
    .map((segment) => {
      if (/^:\w+$/.test(segment)) return '/[^/]+';
      if (/[:*{}()?+]/.test(segment)) throw new Error(`Route path '${path}' uses syntax the route table does not read: ${segment}`);
      return `/${segment.replace(/[.\\^$|[\]-]/g, '\\$&')}`;
    })
    .join('');
  return new RegExp(`^${source}/?$`, 'i');
}

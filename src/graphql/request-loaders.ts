import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, created lazily by name. Living in the request's GraphQL context, they
 * batch every relation a query touches into one SQL statement per level and never share cached
 * rows between requests (or principals).
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<Array<V | Error>>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

import DataLoader from 'dataloader';

/**
 * A kind of per-request loader: how to fetch a batch of keys from a source (usually a service).
 * The definition object is its own key, so the key, value and source types travel with it and a
 * lookup cannot name a loader that does not exist or expect the wrong type.
 */
export interface LoaderDefinition<S, K, V> {
  readonly batch: (source: S, keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>>;
}

export function defineLoader<S, K, V>(
  batch: (source: S, keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>>,
): LoaderDefinition<S, K, V> {
  return Object.freeze({ batch });
}

/**
 * Per-request DataLoaders, created lazily on first use. Living in the request's GraphQL context,
 * they batch every relation a query touches into one SQL statement per level and never share
 * cached rows between requests (or principals).
 */
export class RequestLoaders {
  private readonly loaders = new Map<LoaderDefinition<never, unknown, unknown>, DataLoader<unknown, unknown>>();

  get<S, K, V>(definition: LoaderDefinition<S, K, V>, source: S): DataLoader<K, V> {
    const key = definition as unknown as LoaderDefinition<never, unknown, unknown>;
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => definition.batch(source, keys));
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

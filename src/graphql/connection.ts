import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Page } from '../kernel/paging';

@ObjectType({ description: 'Relay-style pagination state of a connection.' })
export class PageInfo {
  @Field({ description: 'Whether another page follows this one.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor?: string;
}

export interface Connection<T> {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the `XConnection` and `XEdge` types of a Relay-style list for one node type. */
export function ConnectionType<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => node, { description: `The ${name}.` })
    node: T;

    @Field({ description: 'Opaque cursor of this item.' })
    cursor: string;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true, description: `A page of ${name} items.` })
  abstract class ConnectionClass implements Connection<T> {
    @Field(() => [Edge], { description: 'The items of this page.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Where this page is in the whole list.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items match, across all pages.' })
    totalCount: number;
  }
  return ConnectionClass;
}

/** Maps a domain page to a connection; `cursorOf` gives each item's cursor. */
export function toConnection<E, N>(page: Page<E>, map: (item: E) => N, cursorOf: (item: E) => string): Connection<N> {
  return {
    edges: page.items.map((item) => ({ node: map(item), cursor: cursorOf(item) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}

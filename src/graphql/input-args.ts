import { applyDecorators, PipeTransform } from '@nestjs/common';
import { Args, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { invalidInput } from '../kernel/domain-error';
import { isPageSize, MAX_CURSOR_LENGTH, MAX_PAGE_SIZE } from '../kernel/paging';

/**
 * The shared declarations of the arguments that recur across the schema (ids, page sizes,
 * cursors), each with its rule attached once, so that no resolver can declare one without it.
 * The wire types stay `ID`, `Int` and `String`: clients' variable declarations do not change.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_RULE = 'must be a UUID such as 0b3c3f8e-6f0d-4c61-9d0e-2a5a0f1f3c11';
const PAGE_RULE = `must be an integer from 1 to ${MAX_PAGE_SIZE}`;

class UuidPipe implements PipeTransform {
  constructor(private readonly field: string) {}
  transform(value: unknown): unknown {
    if (value === undefined || value === null) return value;
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) throw invalidInput(this.field, 'uuid', `'${this.field}' ${UUID_RULE}.`);
    return value;
  }
}

class PageSizePipe implements PipeTransform {
  constructor(private readonly field: string) {}
  transform(value: unknown): unknown {
    if (value === undefined || value === null) return value;
    if (!isPageSize(value)) throw invalidInput(this.field, 'range', `'${this.field}' ${PAGE_RULE}.`);
    return value;
  }
}

class CursorPipe implements PipeTransform {
  constructor(private readonly field: string) {}
  transform(value: unknown): unknown {
    if (value === undefined || value === null) return value;
    if (typeof value !== 'string' || value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(value)) {
      throw invalidInput(this.field, 'cursor', `'${this.field}' is not a cursor returned by this API.`);
    }
    return value;
  }
}

/** A required UUID argument (`id: ID!`). */
export const UuidArg = (name: string, description: string) => Args(name, { type: () => ID, description }, new UuidPipe(name));

/** `first: Int` of a connection or list, 1..MAX_PAGE_SIZE. */
export const PageSizeArg = (defaultValue = 50, name = 'first') =>
  Args(name, { type: () => Int, nullable: true, defaultValue, description: `Page size (1-${MAX_PAGE_SIZE}).` }, new PageSizePipe(name));

/** `after: String`, an opaque cursor from a previous page. */
export const CursorArg = (description = 'Cursor of the last item of the previous page.', name = 'after') =>
  Args(name, { type: () => String, nullable: true, description }, new CursorPipe(name));

/** A UUID field of an input type. */
export const UuidField = (description: string, options: { nullable?: boolean } = {}) =>
  applyDecorators(
    Field(() => ID, { description, nullable: options.nullable }),
    ...(options.nullable ? [IsOptional()] : []),
    Matches(UUID_PATTERN, { message: UUID_RULE }),
  );

/** A page-size field of an input type, 1..MAX_PAGE_SIZE. */
export const PageSizeField = (defaultValue = 50, description = `At most this many (1-${MAX_PAGE_SIZE}).`) =>
  applyDecorators(
    Field(() => Int, { nullable: true, defaultValue, description }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );

import { ArgumentMetadata } from '@nestjs/common';
import { Field, InputType } from '@nestjs/graphql';
import { Length } from 'class-validator';
import { DomainError } from '../kernel/domain-error';
import { PageSizeField } from './input-args';
import { EdgeInputPipe } from './validation';

@InputType()
class SampleInput {
  @Field()
  @Length(1, 10)
  name: string;

  @PageSizeField(50)
  first?: number;
}

const graphqlArg = (data: string, metatype: ArgumentMetadata['metatype'] = String): ArgumentMetadata => ({ type: 'body', data, metatype });

async function failure(run: () => unknown): Promise<DomainError | undefined> {
  try {
    await run();
  } catch (err) {
    return err as DomainError;
  }
  return undefined;
}

describe('the edge pipe', () => {
  const pipe = new EdgeInputPipe();

  it('refuses NUL in a GraphQL argument, naming the nested field', async () => {
    const error = await failure(() => pipe.transform({ name: 'a\u0000' }, graphqlArg('input', SampleInput)));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'input.name', rule: 'no-nul' } });
  });

  it('refuses out-of-range dates in a GraphQL argument', async () => {
    const error = await failure(() => pipe.transform(new Date('+275760-09-13T00:00:00Z'), graphqlArg('until', Date)));
    expect(error).toMatchObject({ details: { field: 'until', rule: 'date-range' } });
  });

  it('turns an explicit null GraphQL argument into an absent one, and validates nothing for it', async () => {
    expect(await pipe.transform(null, graphqlArg('filter', SampleInput))).toBeUndefined();
    expect(await pipe.transform(undefined, graphqlArg('filter', SampleInput))).toBeUndefined();
  });

  it('still applies the class rules, page sizes included', async () => {
    expect(await failure(() => pipe.transform({ name: 'ok', first: 0 }, graphqlArg('filter', SampleInput)))).toMatchObject({
      details: { field: 'first' },
    });
    expect(await failure(() => pipe.transform({ name: 'x'.repeat(11) }, graphqlArg('filter', SampleInput)))).toMatchObject({
      details: { field: 'name' },
    });
    expect(await pipe.transform({ name: 'ok' }, graphqlArg('filter', SampleInput))).toBeInstanceOf(SampleInput);
  });

  it('leaves whole REST bodies and path parameters to the protocol that reads them', async () => {
    expect(await pipe.transform({ schema: 'a\u0000' }, { type: 'body', metatype: Object })).toEqual({ schema: 'a\u0000' });
    expect(await pipe.transform('a\u0000', { type: 'param', data: 'subject', metatype: String })).toBe('a\u0000');
    expect(await failure(() => pipe.transform('a\u0000', { type: 'query', data: 'topic', metatype: String }))).toMatchObject({
      details: { field: 'topic' },
    });
  });
});

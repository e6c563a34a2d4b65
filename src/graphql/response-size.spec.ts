import { GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { responseSizePlugin, stringifyResponse } from './response-size';

async function send(limit: number, singleResult: Record<string, unknown>) {
  const listener = (await responseSizePlugin(limit).requestDidStart!({} as never)) as GraphQLRequestListener<never>;
  const response = { http: { status: undefined as number | undefined, headers: new Map() }, body: { kind: 'single', singleResult } };
  await listener.willSendResponse!({ response } as unknown as GraphQLRequestContextWillSendResponse<never>);
  return response;
}

describe('responseSizePlugin', () => {
  it('lets a response under the limit through and serialises it once, as Apollo would', async () => {
    const data = { teams: [{ slug: 'payments' }] };
    const response = await send(1_000, { data });
    expect(response.body.singleResult).toEqual({ data });
    const stringify = jest.spyOn(JSON, 'stringify');
    expect(stringifyResponse({ errors: undefined, data, extensions: undefined })).toBe('{"data":{"teams":[{"slug":"payments"}]}}\n');
    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();
  });

  it('replaces a response over the limit with a RESPONSE_TOO_LARGE error, counting bytes not characters', async () => {
    const response = await send(100, { data: { doc: 'é'.repeat(41) } }); // 61 characters, 102 bytes with the envelope
    expect(response.http.status).toBe(400);
    expect(response.body.singleResult).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^The response would be 102 bytes; the limit is 100/),
          extensions: { code: 'RESPONSE_TOO_LARGE', limit: 100 },
        },
      ],
    });
  });

  it('serialises afresh a result that was not checked', () => {
    expect(stringifyResponse({ data: { a: 1 } })).toBe('{"data":{"a":1}}\n');
  });
});

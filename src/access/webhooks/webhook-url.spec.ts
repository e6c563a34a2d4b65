import { DomainError } from '../../kernel/domain-error';
import { Resolve } from './webhook-address-guard';
import { checkWebhookUrl } from './webhook-url';

const resolvesTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(url: string, resolve: Resolve, allowPrivateAddresses = false) {
  try {
    await checkWebhookUrl(url, { allowPrivateAddresses, resolve });
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    return { code: e.code, ...e.details, message: e.message };
  }
}

describe('webhook URLs a team may set', () => {
  it('accepts a name whose every address is public', async () => {
    expect(await refusal('https://hooks.example.com/in', resolvesTo('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'))).toBeNull();
  });

  it('refuses a name with any non-public address, since the connection may pick that one', async () => {
    expect(await refusal('https://hooks.example.com/in', resolvesTo('93.184.215.14', '10.1.2.3'))).toEqual({
      code: 'INVALID_INPUT',
      field: 'url',
      rule: 'public-address',
      message:
        "'url' must reach a public address: 'hooks.example.com' resolves to 10.1.2.3, which is private (RFC 1918). Receivers on internal networks need the operator setting CHARTER_WEBHOOK_ALLOW_PRIVATE_ADDRESSES.",
    });
    expect(await refusal('http://metadata.internal/', resolvesTo('169.254.169.254'))).toMatchObject({ rule: 'public-address' });
    expect(await refusal('http://v6.example.com/', resolvesTo('fd00::5'))).toMatchObject({ rule: 'public-address' });
  });

  it('refuses a name that does not resolve', async () => {
    const missing: Resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    };
    expect(await refusal('https://nowhere.invalid/', missing)).toMatchObject({
      field: 'url',
      rule: 'resolvable',
      message: "'url' names host 'nowhere.invalid', which does not resolve (ENOTFOUND).",
    });
  });

  it('does not resolve at all when the operator allows private receivers', async () => {
    const never: Resolve = async () => {
      throw new Error('must not be called');
    };
    expect(await refusal('http://10.0.0.1:8080/hook', never, true)).toBeNull();
    expect(await refusal('http://receiver.internal/hook', never, true)).toBeNull();
  });

  it('still refuses other schemes and credentials when private receivers are allowed', async () => {
    const any = resolvesTo('93.184.215.14');
    expect(await refusal('ftp://files.example.com/', any, true)).toMatchObject({ rule: 'http-url' });
    expect(await refusal('gopher://10.0.0.1/', any)).toMatchObject({ rule: 'http-url' });
    expect(await refusal('https://user:pw@hooks.example.com/', any)).toMatchObject({ rule: 'no-credentials' });
  });
});

import { contextNameOf, rewriteContextUrl } from './context-path';

const q = encodeURIComponent;

describe('context base URLs', () => {
  it('leaves every other URL alone', () => {
    for (const url of ['/subjects/x/versions', '/contexts', '/contexts/.eu', '/schemas/ids/1?subject=x'])
      expect(rewriteContextUrl(url)).toBe(url);
  });

  it('qualifies subjects after subjects/, config/ and mode/, unless they name a context already', () => {
    expect(rewriteContextUrl('/contexts/.eu/subjects/orders-value/versions')).toBe(`/subjects/${q(':.eu:orders-value')}/versions`);
    expect(rewriteContextUrl(`/contexts/eu/subjects/${q(':.us:x')}/versions`)).toBe(`/subjects/${q(':.us:x')}/versions`);
    expect(rewriteContextUrl('/contexts/.eu/config/orders-value')).toBe(`/config/${q(':.eu:orders-value')}`);
    expect(rewriteContextUrl('/contexts/.eu/compatibility/subjects/x/versions/latest')).toBe(
      `/compatibility/subjects/${q(':.eu:x')}/versions/latest`,
    );
  });

  it('turns bare config and mode into the context settings', () => {
    expect(rewriteContextUrl('/contexts/.eu/config')).toBe(`/config/${q(':.eu:')}`);
    expect(rewriteContextUrl('/contexts/.eu/mode?force=true')).toBe(`/mode/${q(':.eu:')}?force=true`);
    expect(rewriteContextUrl('/contexts/./config')).toBe('/config');
  });

  it('reads ids and lists subjects within the context', () => {
    expect(rewriteContextUrl('/contexts/.eu/schemas/ids/3')).toBe(`/schemas/ids/3?subject=${q(':.eu:')}`);
    expect(rewriteContextUrl('/contexts/.eu/schemas/ids/3?subject=x&format=resolved')).toBe(
      `/schemas/ids/3?subject=${q(':.eu:x')}&format=resolved`,
    );
    expect(rewriteContextUrl('/contexts/.eu/subjects?deleted=true')).toBe(`/subjects?deleted=true&subjectPrefix=${q(':.eu:')}`);
  });

  it('sends a context name with a colon to the route that explains it', () => {
    expect(rewriteContextUrl(`/contexts/${q('.a:b')}/subjects`)).toBe(`/contexts/${q('.a:b')}`);
    expect(contextNameOf(q('.a:b'))).toBeUndefined();
    expect(contextNameOf(q(':.eu:'))).toBe('.eu');
  });
});

import { TestApp } from './support/test-app';
import { RegistryHttp } from './support/registry-http';

/** Races settled by the database: concurrent registrations never share a version or split an id. */
describe('schema registry: concurrent registrations', () => {
  let app: TestApp;
  let r: RegistryHttp;

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  const enumOf = (i: number) => JSON.stringify({ type: 'enum', name: `E${i}`, symbols: ['A'] });

  it('distinct schemas into one subject get distinct versions and ids', async () => {
    await r.put('/config/race', { compatibility: 'NONE' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => r.register('race', enumOf(i))));
    expect(results.map((x) => x.status)).toEqual(Array(12).fill(200));
    expect(new Set(results.map((x) => x.body.version)).size).toBe(12);
    expect(new Set(results.map((x) => x.body.id)).size).toBe(12);
    expect((await r.get('/subjects/race/versions')).body).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('the same schema into many subjects at once gets exactly one id', async () => {
    const schema = JSON.stringify({ type: 'fixed', name: 'Shared', size: 4 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => r.register(`shared-${i}`, schema)));
    expect(results.map((x) => x.status)).toEqual(Array(10).fill(200));
    expect(new Set(results.map((x) => x.body.id)).size).toBe(1);
    expect((await r.get(`/schemas/ids/${results[0].body.id}/subjects`)).body).toHaveLength(10);
  });
});

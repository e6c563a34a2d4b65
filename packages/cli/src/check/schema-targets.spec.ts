import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseManifest } from './charter-manifest';
import { mapToSubject, selectTargets } from './schema-targets';

describe('schema files to subjects', () => {
  let root: string;
  const touch = (path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '{}');
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'charter-targets-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('by convention: <topic>-value / <topic>-key and the extension gives the type', () => {
    expect(mapToSubject(join(root, 'a/orders.v2-value.avsc'), root)).toMatchObject({
      file: 'a/orders.v2-value.avsc',
      subject: 'orders.v2-value',
      schemaType: 'AVRO',
      compatibility: 'BACKWARD',
      mappedBy: 'convention',
    });
    expect(mapToSubject(join(root, 'payments-key.proto'), root)).toMatchObject({ subject: 'payments-key', schemaType: 'PROTOBUF' });
    expect(mapToSubject(join(root, 'customers-value.json'), root)).toMatchObject({ subject: 'customers-value', schemaType: 'JSON' });
    expect(mapToSubject(join(root, 'package.json'), root)).toBeUndefined();
  });

  it('by manifest: file or glob relative to the manifest, first entry wins, levels cascade', () => {
    const manifest = parseManifest(
      'compatibility: FULL\nschemas:\n  - file: ./events/order.avsc\n    topic: orders\n    compatibility: NONE\n  - glob: "proto/**/*.proto"\n    topic: payments\n    part: key\n  - glob: "**/*.avsc"\n    topic: catch-all\n',
      join(root, 'charter.yaml'),
    );
    const cwd = join(root, 'events');
    expect(mapToSubject(join(root, 'events/order.avsc'), cwd, manifest)).toMatchObject({
      file: 'order.avsc',
      subject: 'orders-value',
      compatibility: 'NONE',
      mappedBy: 'manifest',
    });
    expect(mapToSubject(join(root, 'proto/v1/payment.proto'), root, manifest)).toMatchObject({
      subject: 'payments-key',
      schemaType: 'PROTOBUF',
      compatibility: 'FULL',
    });
    expect(mapToSubject(join(root, 'other/x.avsc'), root, manifest)).toMatchObject({ subject: 'catch-all-value' });
  });

  it('folders are searched for schema files; unmapped ones are skipped, named ones are an error', () => {
    touch('schemas/orders-value.avsc');
    touch('schemas/notes.json');
    touch('schemas/node_modules/dep-value.json');
    touch('schemas/readme.md');
    const { targets, skipped } = selectTargets(['schemas'], root);
    expect(targets.map((t) => t.file)).toEqual(['schemas/orders-value.avsc']);
    expect(skipped).toEqual(['schemas/notes.json']);
    expect(() => selectTargets(['schemas/notes.json'], root)).toThrow(/schemas\/notes.json: no subject for this file/);
  });

  it('globs on the command line, and clear errors for paths that match nothing', () => {
    touch('a/orders-value.avsc');
    touch('b/payments-value.proto');
    expect(selectTargets(['*/*.proto'], root).targets.map((t) => t.subject)).toEqual(['payments-value']);
    expect(() => selectTargets(['missing'], root)).toThrow('missing: no such file or folder');
    touch('empty/readme.md');
    expect(() => selectTargets(['empty'], root)).toThrow(/no schema files/);
  });
});

import { join } from 'node:path';
import { topicOfSubject } from '../../catalogue/topics/domain/topic-vocabulary';
import { loadDemoManifest, parseDemoManifest } from './demo-manifest';

const SHIPPED = join(__dirname, '..', '..', '..', 'schemas', 'demo', 'catalogue.yaml');

describe('demo manifest', () => {
  it('reads the shipped demo: teams, topics, and schema files of every format in order', () => {
    const manifest = loadDemoManifest(SHIPPED);
    expect(manifest.teams.map((t) => t.slug)).toEqual(['payments', 'customers', 'orders', 'risk']);
    expect(manifest.topics).toHaveLength(8);
    expect(new Set(manifest.subjects.map((s) => s.schemaType))).toEqual(new Set(['AVRO', 'PROTOBUF', 'JSON']));
    const teams = new Set(manifest.teams.map((t) => t.slug));
    expect(manifest.topics.every((t) => teams.has(t.ownerTeam))).toBe(true);
    // Every topic subject belongs to a demo topic, and every reference to an earlier subject.
    const topics = new Set(manifest.topics.map((t) => t.name));
    manifest.subjects.forEach((s, i) => {
      const owner = topicOfSubject(s.subject)?.topic;
      if (owner) expect(topics).toContain(owner);
      for (const ref of s.references) expect(manifest.subjects.slice(0, i).map((e) => e.subject)).toContain(ref.subject);
    });
    expect(manifest.subjects.filter((s) => s.subject === 'payments.card-authorised.v1-value')).toHaveLength(2);
  });

  it('names the field and rule of a bad entry', () => {
    const bad =
      'teams:\n  - slug: a\ntopics:\n  - name: t\nsubjects:\n  - subject: s\n    file: x.avsc\n    references: [{ name: n, subject: s, version: 0 }]\n';
    expect(() => parseDemoManifest(bad, 'demo.yaml', () => '{}')).toThrow(
      /demo\.yaml: invalid demo manifest:\n {2}- teams\[0\]\.name: .*\n {2}- topics\[0\]\.ownerTeam: is required.*\n {2}- subjects\[0\]\.references\[0\]\.version: must be a positive version number or latest/,
    );
  });

  it('infers the format from the extension, sends latest as -1, and names unreadable files', () => {
    const text =
      'subjects:\n  - subject: s\n    file: a.proto\n    references: [{ name: b.proto, subject: b, version: latest }]\n  - subject: t\n    file: missing.avsc\n';
    const read = (f: string) => {
      if (f.endsWith('missing.avsc')) throw new Error('ENOENT');
      return 'syntax = "proto3";';
    };
    expect(() => parseDemoManifest(text, '/d/demo.yaml', read)).toThrow(
      '/d/demo.yaml: subjects[1].file: cannot read /d/missing.avsc: ENOENT',
    );
    const ok = parseDemoManifest(text.split('  - subject: t')[0], '/d/demo.yaml', read);
    expect(ok.subjects[0]).toMatchObject({
      schemaType: 'PROTOBUF',
      schema: 'syntax = "proto3";',
      references: [{ name: 'b.proto', subject: 'b', version: -1 }],
    });
    expect(() => parseDemoManifest('subjects:\n  - subject: s\n    file: a.txt\n', '/d/demo.yaml', read)).toThrow(
      /subjects\[0\]\.schemaType: cannot tell the format of 'a.txt'/,
    );
  });
});

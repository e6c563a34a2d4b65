import { readFileSync } from 'node:fs';
import * as protobuf from 'protobufjs';
import { CONFLUENT_PROTO_FILES } from './protobuf-confluent-types';
import { ProtoFile } from './protobuf-model';
import { fromRoot, readProtoText } from './protobuf-text-reader';

/**
 * The google/protobuf/*.proto files and Confluent's bundled confluent/*.proto files, which every
 * schema may import without a reference. protobufjs bundles most google ones as JSON
 * (`protobuf.common`) and ships descriptor.proto as text. They are read once and shared:
 * resolution leaves them unchanged after the first pass.
 */
const cache = new Map<string, ProtoFile | null>();

export function wellKnownFile(path: string): ProtoFile | undefined {
  if (!path.startsWith('google/protobuf/') && !(path in CONFLUENT_PROTO_FILES)) return undefined;
  if (!cache.has(path)) cache.set(path, load(path));
  return cache.get(path) ?? undefined;
}

function load(path: string): ProtoFile | null {
  if (path in CONFLUENT_PROTO_FILES) return readProtoText(CONFLUENT_PROTO_FILES[path], path);
  if (path === 'google/protobuf/descriptor.proto') {
    const file = require.resolve('protobufjs/google/protobuf/descriptor.proto');
    return readProtoText(readFileSync(file, 'utf8'), path);
  }
  const json = (protobuf.common as unknown as Record<string, protobuf.INamespace | undefined>)[path];
  if (!json || typeof json !== 'object') return null;
  return fromRoot(protobuf.Root.fromJSON(json), {
    path,
    syntax: 'proto3',
    packageName: 'google.protobuf',
    imports: [],
    idents: new Set(),
  });
}

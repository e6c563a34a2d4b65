import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch folder of schema files, the way a repository holds them next to producer code. */
export class SchemaWorkspace {
  readonly root = mkdtempSync(join(tmpdir(), 'charter-schemas-'));

  write(path: string, content: unknown): string {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return full;
  }

  path(...segments: string[]): string {
    return join(this.root, ...segments);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const orderV1 = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'int' },
  ],
};

/** Adds a field with a default: readers of the new schema can read old data. */
export const orderCompatible = { ...orderV1, fields: [...orderV1.fields, { name: 'note', type: 'string', default: '' }] };

/** Changes `amount` from int to string: BACKWARD-incompatible. */
export const orderIncompatible = {
  ...orderV1,
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'string' },
  ],
};

export const paymentV1 = 'syntax = "proto3";\npackage acme;\n\nmessage Payment {\n  string id = 1;\n  int64 cents = 2;\n}\n';
export const paymentIncompatible = 'syntax = "proto3";\npackage acme;\n\nmessage Payment {\n  string id = 1;\n  string cents = 2;\n}\n';

export const customerV1 = { type: 'object', properties: { id: { type: 'string' }, age: { type: 'integer' } }, additionalProperties: false };
export const customerIncompatible = {
  type: 'object',
  properties: { id: { type: 'string' }, age: { type: 'string' } },
  additionalProperties: false,
};

import * as protobuf from 'protobufjs';

/**
 * protobufjs rebuilds a message's id index on every field it adds (to reject duplicate numbers),
 * which makes parsing quadratic: 10,000 fields take ~20 s. While our synchronous parse runs, field
 * adds check duplicates against an index kept here and hand protobufjs an empty index, so it
 * skips the rebuild. Same errors, linear time; nothing else can observe the swap (no await inside).
 */
export function withLinearFieldAdd<T>(run: () => T): T {
  const proto = protobuf.Type.prototype as unknown as { add(object: protobuf.ReflectionObject): protobuf.Type };
  const original = proto.add;
  const ids = new WeakMap<protobuf.Type, Set<number>>();
  proto.add = function add(this: protobuf.Type, object: protobuf.ReflectionObject) {
    if (object instanceof protobuf.Field && object.extend === undefined && !this.get(object.name)) {
      let known = ids.get(this);
      if (!known) {
        known = new Set(Object.values(this.fields).map((f) => f.id));
        ids.set(this, known);
      }
      if (known.has(object.id)) throw Error(`duplicate id ${object.id} in ${this.toString()}`);
      const result = (() => {
        (this as unknown as { _fieldsById: object | null })._fieldsById = {};
        return original.call(this, object);
      })();
      known.add(object.id);
      return result;
    }
    return original.call(this, object);
  };
  try {
    return run();
  } finally {
    proto.add = original;
  }
}

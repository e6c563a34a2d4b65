import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { ProtoField, ProtoFile, ProtoMessage, ProtoType, ProtoTypeEntry, SCALAR_TYPES, messageFields } from './protobuf-model';

/**
 * Builds the table of every message and enum visible to the schema and rewrites each type
 * reference to its full name (`.pkg.Msg`), so that the canonical text, the descriptor and the
 * diff never depend on how a name was qualified in the source. Enforces the node and depth limits.
 */
export function resolveTypes(file: ProtoFile, dependencies: Map<string, ProtoFile>): Map<string, ProtoTypeEntry> {
  const types = new Map<string, ProtoTypeEntry>();
  const files = [file, ...dependencies.values()];
  let nodes = 0;
  const register = (type: ProtoType, owner: ProtoFile): void => {
    const existing = types.get(type.fullName);
    if (existing && existing.type !== type) {
      throw new SchemaParseError(
        `'${type.fullName}' is defined twice (in ${describe(existing.filePath)} and ${describe(owner.path)}).`,
        type.fullName,
      );
    }
    types.set(type.fullName, { type, packageName: owner.package, filePath: owner.path });
    nodes += 1 + (type.kind === 'enum' ? type.values.length : messageFields(type).length);
    if (nodes > SCHEMA_LIMITS.maxNodes) {
      throw new SchemaParseError(`Schema has more than ${SCHEMA_LIMITS.maxNodes} types, fields and enum values.`);
    }
    if (type.kind === 'message') {
      for (const nested of [...type.messages, ...type.enums]) register(nested, owner);
    }
  };
  for (const f of files) for (const type of [...f.messages, ...f.enums]) register(type, f);
  for (const f of files) resolveFile(f, types);
  checkReferenceDepth(file, types);
  return types;
}

function describe(path: string): string {
  return path ? `'${path}'` : 'the schema';
}

function resolveFile(file: ProtoFile, types: Map<string, ProtoTypeEntry>): void {
  const resolveField = (field: ProtoField, scope: string, owner: string): void => {
    if (field.extendee !== undefined) field.extendee = resolveName(types, field.extendee, scope, 'message', `extension '${field.name}'`);
    if (SCALAR_TYPES.has(field.type)) {
      field.typeKind = 'scalar';
      return;
    }
    const full = resolveName(types, field.type, scope, 'any', `field '${field.name}' of ${owner}`);
    field.type = full;
    field.typeKind = (types.get(full.slice(1)) as ProtoTypeEntry).type.kind;
  };
  const walk = (message: ProtoMessage): void => {
    for (const field of messageFields(message)) resolveField(field, message.fullName, `message '${message.name}'`);
    for (const field of message.extensions) resolveField(field, message.fullName, `message '${message.name}'`);
    message.messages.forEach(walk);
  };
  file.messages.forEach(walk);
  for (const field of file.extensions) resolveField(field, file.package, 'the file');
  for (const service of file.services) {
    for (const method of service.methods) {
      const where = `method '${method.name}' of service '${service.name}'`;
      method.input = resolveName(types, method.input, file.package, 'message', where);
      method.output = resolveName(types, method.output, file.package, 'message', where);
    }
  }
}

/** C++-style scoping: the innermost enclosing scope that declares the name wins. */
function resolveName(types: Map<string, ProtoTypeEntry>, name: string, scope: string, expected: 'message' | 'any', where: string): string {
  let found: string | undefined;
  if (name.startsWith('.')) {
    found = types.has(name.slice(1)) ? name.slice(1) : undefined;
  } else {
    const parts = scope ? scope.split('.') : [];
    for (let i = parts.length; i >= 0 && !found; i--) {
      const candidate = [...parts.slice(0, i), name].join('.');
      if (types.has(candidate)) found = candidate;
    }
  }
  if (!found) throw new SchemaParseError(`Type '${name}' used by ${where} is not defined or imported.`, name);
  if (expected === 'message' && types.get(found)?.type.kind !== 'message') {
    throw new SchemaParseError(`Type '${name}' used by ${where} must be a message, not an enum.`, name);
  }
  return `.${found}`;
}

/**
 * Message-typed fields form a graph; comparing two schemas walks it. Chains longer than
 * maxDepth are refused here so that the walk can never exhaust the stack. Iterative on purpose.
 */
function checkReferenceDepth(file: ProtoFile, types: Map<string, ProtoTypeEntry>): void {
  const height = new Map<string, number>();
  const onStack = new Set<string>();
  const roots: string[] = [];
  const collect = (m: ProtoMessage): void => {
    roots.push(m.fullName);
    m.messages.forEach(collect);
  };
  file.messages.forEach(collect);
  for (const root of roots) {
    if (height.has(root)) continue;
    const stack: Array<{ name: string; children: string[]; best: number }> = [];
    const enter = (name: string): void => {
      onStack.add(name);
      const type = types.get(name)?.type;
      const children =
        type?.kind === 'message'
          ? messageFields(type)
              .filter((f) => f.typeKind === 'message')
              .map((f) => f.type.slice(1))
          : [];
      stack.push({ name, children, best: 0 });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const child = top.children.pop();
      if (child === undefined) {
        stack.pop();
        onStack.delete(top.name);
        const h = top.best + 1;
        height.set(top.name, h);
        if (h > SCHEMA_LIMITS.maxDepth) {
          throw new SchemaParseError(
            `Message '${top.name}' nests message-typed fields more than ${SCHEMA_LIMITS.maxDepth} levels deep.`,
            top.name,
          );
        }
        if (stack.length > 0) stack[stack.length - 1].best = Math.max(stack[stack.length - 1].best, h);
      } else if (height.has(child)) {
        top.best = Math.max(top.best, height.get(child) as number);
      } else if (!onStack.has(child)) {
        enter(child);
      }
    }
  }
}

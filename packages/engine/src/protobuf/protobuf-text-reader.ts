import * as protobuf from 'protobufjs';
import { SchemaParseError } from '../schema-parse-error';
import { withLinearFieldAdd } from './protobuf-linear-add';
import {
  ProtoEnum,
  ProtoField,
  ProtoFile,
  ProtoImport,
  ProtoLabel,
  ProtoMessage,
  ProtoOneof,
  ProtoOption,
  ProtoOptionValue,
  ProtoReserved,
  ProtoService,
  ProtoSyntax,
  SCALAR_TYPES,
} from './protobuf-model';

/**
 * Reads one .proto file with protobufjs and converts it into Charter's model. Type references
 * are left as written (`typeKind` is fixed later by the resolver); everything protobufjs loses
 * (`import public`, whether an option value was an identifier or a string, the syntax line) is
 * recovered from the token stream.
 */
export function readProtoText(text: string, path: string): ProtoFile {
  const header = scanTokens(text);
  let parsed: protobuf.IParserResult;
  try {
    parsed = withLinearFieldAdd(() => protobuf.parse(text, new protobuf.Root(), { keepCase: true }));
  } catch (error) {
    throw toParseError(error as Error, text);
  }
  return fromRoot(parsed.root, {
    path,
    syntax: header.syntax,
    edition: header.edition,
    packageName: parsed.package ?? '',
    imports: header.imports,
    idents: header.idents,
  });
}

export interface FileHeader {
  path: string;
  syntax: ProtoSyntax;
  edition?: string;
  packageName: string;
  imports: ProtoImport[];
  idents: ReadonlySet<string>;
}

/** Converts a protobufjs root holding exactly one file's declarations (text or bundled JSON). */
export function fromRoot(root: protobuf.Root, header: FileHeader): ProtoFile {
  const ns = packageNamespace(root, header.packageName);
  const reader = new RootReader(header);
  const file: ProtoFile = {
    path: header.path,
    syntax: header.syntax,
    edition: header.edition,
    package: header.packageName,
    imports: header.imports,
    options: reader.options(ns.parsedOptions),
    messages: [],
    enums: [],
    services: [],
    extensions: [],
  };
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) file.messages.push(reader.message(child, header.packageName));
    else if (child instanceof protobuf.Enum) file.enums.push(reader.enumType(child, header.packageName));
    else if (child instanceof protobuf.Service) file.services.push(reader.service(child));
    else if (child instanceof protobuf.Field) file.extensions.push(reader.field(child, reader.labelOf(child)));
  }
  return file;
}

function packageNamespace(root: protobuf.Root, packageName: string): protobuf.Namespace {
  let ns: protobuf.Namespace = root;
  for (const part of packageName ? packageName.split('.') : []) {
    const next = ns.nested?.[part];
    if (!(next instanceof protobuf.Namespace)) return ns;
    ns = next;
  }
  return ns;
}

class RootReader {
  constructor(private readonly header: FileHeader) {}

  message(type: protobuf.Type, scope: string): ProtoMessage {
    if ((type as unknown as { group?: boolean }).group) {
      throw new SchemaParseError(`Group '${type.name}' is not supported; declare a message and a field instead.`, type.name);
    }
    const fullName = scope ? `${scope}.${type.name}` : type.name;
    const message: ProtoMessage = {
      kind: 'message',
      name: type.name,
      fullName,
      members: [],
      reserved: reservedOf(type.reserved),
      extensionRanges: (type.extensions ?? []).map(([from, to]) => [from, to] as [number, number]),
      messages: [],
      enums: [],
      extensions: [],
      options: this.options(type.parsedOptions),
    };
    const oneofs = new Map<string, ProtoOneof>();
    for (const field of type.fieldsArray) {
      if (field.declaringField || field.name.startsWith('.')) continue;
      if (field.extend) {
        message.extensions.push(this.field(field, this.labelOf(field)));
        continue;
      }
      const group = field.partOf && !isSyntheticOneof(field.partOf) ? field.partOf : null;
      if (!group) {
        message.members.push(this.field(field, this.labelOf(field)));
        continue;
      }
      let oneof = oneofs.get(group.name);
      if (!oneof) {
        oneof = { name: group.name, fields: [], options: this.options(group.parsedOptions) };
        oneofs.set(group.name, oneof);
        message.members.push(oneof);
      }
      oneof.fields.push(this.field(field, undefined));
    }
    for (const child of type.nestedArray) {
      if (child instanceof protobuf.Type) message.messages.push(this.message(child, fullName));
      else if (child instanceof protobuf.Enum) message.enums.push(this.enumType(child, fullName));
      else if (child instanceof protobuf.Field) message.extensions.push(this.field(child, this.labelOf(child)));
    }
    return message;
  }

  field(field: protobuf.Field, label: ProtoLabel | undefined): ProtoField {
    const keyType = (field as unknown as protobuf.MapField).keyType;
    const result: ProtoField = {
      name: field.name,
      number: field.id,
      type: field.type,
      typeKind: SCALAR_TYPES.has(field.type) ? 'scalar' : 'message',
      options: this.options(field.parsedOptions),
    };
    if (label) result.label = label;
    if (keyType) result.keyType = keyType;
    if (field.extend) result.extendee = field.extend;
    return result;
  }

  labelOf(field: protobuf.Field): ProtoLabel | undefined {
    if (field.rule === 'repeated' || field.rule === 'required') return field.rule;
    if (field.options?.proto3_optional) return 'optional';
    if ((field as unknown as protobuf.MapField).keyType) return undefined;
    return this.header.syntax === 'proto2' ? 'optional' : undefined;
  }

  enumType(type: protobuf.Enum, scope: string): ProtoEnum {
    const fullName = scope ? `${scope}.${type.name}` : type.name;
    const valueOptions = (type as unknown as { valuesOptions?: Record<string, Record<string, unknown>> }).valuesOptions ?? {};
    return {
      kind: 'enum',
      name: type.name,
      fullName,
      values: Object.entries(type.values).map(([name, number]) => ({
        name,
        number,
        options: this.options(valueOptions[name] ? [valueOptions[name]] : null),
      })),
      reserved: reservedOf(type.reserved),
      options: this.options(type.parsedOptions),
    };
  }

  service(service: protobuf.Service): ProtoService {
    return {
      name: service.name,
      options: this.options(service.parsedOptions),
      methods: service.methodsArray.map((m) => ({
        name: m.name,
        input: m.requestType,
        output: m.responseType,
        clientStreaming: Boolean(m.requestStream),
        serverStreaming: Boolean(m.responseStream),
        options: this.options(m.parsedOptions),
      })),
    };
  }

  /** protobufjs keeps options as a list of one-key objects, in source order. */
  options(parsed: Array<Record<string, unknown>> | null | undefined): ProtoOption[] {
    const result: ProtoOption[] = [];
    for (const entry of parsed ?? []) {
      for (const [name, value] of Object.entries(entry)) {
        if (name === 'proto3_optional') continue;
        result.push({ name, value: this.value(value) });
      }
    }
    return result;
  }

  private value(value: unknown): ProtoOptionValue {
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (typeof value === 'string') return this.header.idents.has(value) ? { ident: value } : value;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v)]));
    }
    return String(value);
  }
}

function isSyntheticOneof(oneof: protobuf.OneOf): boolean {
  return oneof.fieldsArray.length === 1 && Boolean(oneof.fieldsArray[0].options?.proto3_optional);
}

function reservedOf(reserved: Array<number[] | string> | undefined): ProtoReserved {
  const result: ProtoReserved = { ranges: [], names: [] };
  for (const entry of reserved ?? []) {
    if (typeof entry === 'string') result.names.push(entry);
    else result.ranges.push([entry[0], entry[1]]);
  }
  return result;
}

interface TokenScan {
  syntax: ProtoSyntax;
  edition?: string;
  imports: ProtoImport[];
  idents: Set<string>;
}

const IDENT = /^[A-Za-z_][\w.]*$/;
const NOT_IDENT = new Set(['true', 'false', 'inf', 'nan', 'max']);

/** Token-level facts protobufjs does not keep: syntax line, import modifiers, identifier values. */
function scanTokens(text: string): TokenScan {
  const scan: TokenScan = { syntax: 'proto2', imports: [], idents: new Set() };
  const tokens: string[] = [];
  try {
    const tn = protobuf.tokenize(text, false);
    for (let t = tn.next(); t !== null; t = tn.next()) tokens.push(t);
  } catch {
    return scan; // protobuf.parse reports the same problem with its position
  }
  if ((tokens[0] === 'syntax' || tokens[0] === 'edition') && tokens[1] === '=') {
    const value = tokens[3];
    if (tokens[0] === 'edition') {
      scan.syntax = 'editions';
      scan.edition = value;
    } else if (value === 'proto3') scan.syntax = 'proto3';
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ((t === '=' || t === ':') && IDENT.test(tokens[i + 1] ?? '') && !NOT_IDENT.has(tokens[i + 1])) {
      scan.idents.add(tokens[i + 1]);
    }
    if (t === 'import' && (i === 0 || tokens[i - 1] === ';')) {
      const modifier = tokens[i + 1] === 'public' || tokens[i + 1] === 'weak' ? tokens[i + 1] : undefined;
      const at = modifier ? i + 2 : i + 1;
      if (tokens[at] === '"' || tokens[at] === "'") {
        scan.imports.push(modifier ? { path: tokens[at + 1], modifier: modifier as 'public' | 'weak' } : { path: tokens[at + 1] });
      }
    }
  }
  return scan;
}

/** protobufjs errors carry only a line; the column is where the offending token sits on it. */
function toParseError(error: Error, text: string): SchemaParseError {
  const raw = error.message;
  if (raw === 'max depth exceeded') {
    return new SchemaParseError('Invalid .proto: messages are nested more than 32 levels deep.');
  }
  const lineMatch = /\s*\((?:[^,()]*, )?line (\d+)\)$/.exec(raw);
  const detail = lineMatch ? raw.slice(0, lineMatch.index) : raw;
  const message = `Invalid .proto: ${explain(detail)}.`;
  if (!lineMatch) return new SchemaParseError(message, locateName(raw, text));
  const line = Number(lineMatch[1]);
  const token = /'([^']*)'/.exec(raw)?.[1];
  const source = text.split('\n')[line - 1] ?? '';
  let column = token && token !== 'null' ? source.indexOf(token) + 1 : 0;
  if (column <= 0) column = source.length - source.trimStart().length + 1;
  return new SchemaParseError(message, `${line}:${column}`);
}

/** protobufjs wording ("illegal name '='") rewritten as what the author has to fix. */
function explain(detail: string): string {
  let m = /^illegal end of input/.exec(detail);
  if (m) return "unexpected end of input (a closing '}' or ';' is probably missing)";
  m = /^illegal token '(.*)', '(.*)' expected$/.exec(detail);
  if (m) return `expected '${m[2]}' but found '${m[1]}'`;
  m = /^illegal (\w[\w ]*) '(.*)'$/.exec(detail);
  if (m) return m[1] === 'token' ? `unexpected '${m[2]}'` : `'${m[2]}' is not a valid ${m[1]}`;
  m = /^duplicate id (\d+) in \w+ (\S+)$/.exec(detail);
  if (m) return `field number ${m[1]} is used twice in '${m[2]}'`;
  m = /^duplicate name '(.*)' in \w+ (\S+)$/.exec(detail);
  if (m) return `'${m[1]}' is declared twice in '${m[2] || 'the file'}'`;
  return detail;
}

/** Duplicate names and numbers come without a line: point at the second declaration. */
function locateName(raw: string, text: string): string | undefined {
  const name = /duplicate (?:name|id) '?([\w.]+)'?/.exec(raw)?.[1];
  if (!name) return undefined;
  const pattern = /^\d+$/.test(name) ? new RegExp(`=\\s*${name}\\b`) : new RegExp(`\\b${name}\\b`);
  const lines = text.split('\n');
  const hits = lines.map((l, i) => [i, pattern.exec(l)?.index] as const).filter(([, at]) => at !== undefined);
  const hit = hits[1] ?? hits[0];
  return hit ? `${hit[0] + 1}:${(hit[1] ?? 0) + 1}` : undefined;
}

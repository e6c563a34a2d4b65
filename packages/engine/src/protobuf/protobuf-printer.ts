import {
  isIdent,
  isOneof,
  ProtoEnum,
  ProtoField,
  ProtoFile,
  ProtoMessage,
  ProtoOneof,
  ProtoOption,
  ProtoOptionValue,
  ProtoReserved,
  ProtoService,
} from './protobuf-model';

const MESSAGE_MAX = 536_870_911;
const ENUM_MAX = 2_147_483_647;

/**
 * The canonical .proto text: one fixed layout, resolved type names, no comments. Sibling
 * messages keep their order (payloads carry message indexes); inside a message the layout is
 * options, fields (oneofs at their first member), reserved, extensions, nested messages, nested
 * enums, extend blocks, which is also all a FileDescriptorProto can tell apart; options are
 * sorted by name for the same reason. `normalize` additionally sorts the imports.
 */
export function printProtoFile(file: ProtoFile, normalize = false): string {
  const p = new Printer();
  p.line(file.syntax === 'editions' ? `edition = "${file.edition}";` : `syntax = "${file.syntax}";`);
  if (file.package) p.line(`package ${file.package};`);
  const imports = normalize ? [...file.imports].sort((a, b) => cmp(a.path, b.path)) : file.imports;
  if (imports.length > 0) p.blank();
  for (const imp of imports) p.line(`import ${imp.modifier ? `${imp.modifier} ` : ''}${quote(imp.path)};`);
  if (file.options.length > 0) p.blank();
  p.options(file.options);
  for (const message of file.messages) p.section(() => p.message(message));
  for (const en of file.enums) p.section(() => p.enumType(en));
  for (const service of file.services) p.section(() => p.service(service));
  if (file.extensions.length > 0) p.section(() => p.extensions(file.extensions));
  return p.text();
}

class Printer {
  private readonly lines: string[] = [];
  private depth = 0;

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  blank(): void {
    this.lines.push('');
  }

  section(body: () => void): void {
    this.blank();
    body();
  }

  block(header: string, body: () => void): void {
    this.line(`${header} {`);
    this.depth++;
    body();
    this.depth--;
    this.line('}');
  }

  options(options: ProtoOption[]): void {
    for (const option of this.sorted(options)) this.line(`option ${option.name} = ${value(option.value)};`);
  }

  message(message: ProtoMessage): void {
    this.block(`message ${message.name}`, () => {
      this.options(message.options);
      for (const member of message.members) {
        if (isOneof(member)) this.oneof(member);
        else this.field(member);
      }
      this.reserved(message.reserved, MESSAGE_MAX);
      if (message.extensionRanges.length > 0) this.line(`extensions ${ranges(message.extensionRanges, MESSAGE_MAX)};`);
      for (const nested of message.messages) this.message(nested);
      for (const nested of message.enums) this.enumType(nested);
      this.extensions(message.extensions);
    });
  }

  private oneof(oneof: ProtoOneof): void {
    this.block(`oneof ${oneof.name}`, () => {
      this.options(oneof.options);
      for (const field of oneof.fields) this.field(field);
    });
  }

  private field(field: ProtoField): void {
    const label = field.label ? `${field.label} ` : '';
    const type = field.keyType ? `map<${field.keyType}, ${field.type}>` : field.type;
    this.line(`${label}${type} ${field.name} = ${field.number}${this.fieldOptions(field.options)};`);
  }

  private fieldOptions(options: ProtoOption[]): string {
    if (options.length === 0) return '';
    return ` [${this.sorted(options)
      .map((o) => `${o.name} = ${value(o.value)}`)
      .join(', ')}]`;
  }

  private reserved(reserved: ProtoReserved, max: number): void {
    if (reserved.ranges.length > 0) this.line(`reserved ${ranges(reserved.ranges, max)};`);
    if (reserved.names.length > 0) this.line(`reserved ${reserved.names.map(quote).join(', ')};`);
  }

  enumType(en: ProtoEnum): void {
    this.block(`enum ${en.name}`, () => {
      this.options(en.options);
      for (const v of en.values) this.line(`${v.name} = ${v.number}${this.fieldOptions(v.options)};`);
      this.reserved(en.reserved, ENUM_MAX);
    });
  }

  service(service: ProtoService): void {
    this.block(`service ${service.name}`, () => {
      this.options(service.options);
      for (const m of service.methods) {
        const input = `${m.clientStreaming ? 'stream ' : ''}${m.input}`;
        const output = `${m.serverStreaming ? 'stream ' : ''}${m.output}`;
        const header = `rpc ${m.name}(${input}) returns (${output})`;
        if (m.options.length === 0) this.line(`${header};`);
        else this.block(header, () => this.options(m.options));
      }
    });
  }

  extensions(fields: ProtoField[]): void {
    const byExtendee = new Map<string, ProtoField[]>();
    for (const f of fields) byExtendee.set(f.extendee ?? '', [...(byExtendee.get(f.extendee ?? '') ?? []), f]);
    for (const [extendee, group] of byExtendee) {
      this.block(`extend ${extendee}`, () => group.forEach((f) => this.field(f)));
    }
  }

  /** A FileDescriptorProto cannot record option order, so the text form does not either. */
  private sorted(options: ProtoOption[]): ProtoOption[] {
    return [...options].sort((a, b) => cmp(a.name, b.name));
  }
}

function ranges(list: Array<[number, number]>, max: number): string {
  return list.map(([from, to]) => (from === to ? `${from}` : `${from} to ${to >= max ? 'max' : to}`)).join(', ');
}

function value(v: ProtoOptionValue): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
  if (isIdent(v)) return v.ident;
  const entries = Object.entries(v).map(([k, inner]) => `${k}: ${value(inner)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(' ')} }`;
}

function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';

/**
 * Schema text to JSON, within the size limit, with the line and column of a syntax error.
 * `source` names what is being read when it is not the schema itself (a reference).
 */
export function readSchemaJson(text: string, source = ''): unknown {
  const where = source ? `${source} ` : '';
  if (typeof text !== 'string' || text.trim() === '') {
    throw new SchemaParseError(`The ${source || 'schema'} text is empty.`, source || undefined);
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > SCHEMA_LIMITS.maxSchemaBytes) {
    throw new SchemaParseError(
      `The ${source || 'schema'} text is ${bytes} bytes, above the limit of ${SCHEMA_LIMITS.maxSchemaBytes} bytes.`,
      source || undefined,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    const position = /position (\d+)/.exec(detail);
    const location = position ? `${where}${lineColumn(text, Number(position[1]))}` : source || undefined;
    throw new SchemaParseError(`The ${source || 'schema'} is not valid JSON: ${detail}.`, location);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

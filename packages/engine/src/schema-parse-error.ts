/** Invalid schema text. `location` is a line:column, JSON path or type name when one is known. */
export class SchemaParseError extends Error {
  constructor(
    message: string,
    readonly location?: string,
  ) {
    super(location ? `${message} (at ${location})` : message);
    this.name = 'SchemaParseError';
  }
}

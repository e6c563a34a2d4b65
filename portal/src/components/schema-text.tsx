import { Highlight, themes } from 'prism-react-renderer';

const LANGUAGE: Record<string, string> = { AVRO: 'json', JSON: 'json', PROTOBUF: 'clike' };

/** Registered schema text, pretty-printed when it is JSON, with syntax highlighting. */
export function SchemaText({ text, schemaType }: { text: string; schemaType: string }) {
  const language = LANGUAGE[schemaType] ?? 'clike';
  return (
    <Highlight theme={themes.github} code={prettySchema(text, schemaType)} language={language}>
      {({ className, style, tokens, getLineProps, getTokenProps }) => (
        <pre className={`schema ${className}`} style={style} tabIndex={0} aria-label="Schema text">
          {tokens.map((line, i) => (
            <div key={i} {...getLineProps({ line })}>
              {line.map((token, key) => (
                <span key={key} {...getTokenProps({ token })} />
              ))}
            </div>
          ))}
        </pre>
      )}
    </Highlight>
  );
}

export function prettySchema(text: string, schemaType: string): string {
  if (schemaType === 'PROTOBUF') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

import { Highlight, type PrismTheme } from 'prism-react-renderer';

// The bundled light themes fall below WCAG AA contrast for strings and keys; these colours meet it.
const THEME: PrismTheme = {
  plain: { color: '#1b1f24', backgroundColor: '#f6f8fa' },
  styles: [
    { types: ['property', 'attr-name'], style: { color: '#0b4f8a' } },
    { types: ['string', 'char'], style: { color: '#0a5c2b' } },
    { types: ['number', 'boolean', 'null', 'constant'], style: { color: '#8a2b00' } },
    { types: ['punctuation', 'operator'], style: { color: '#3d4650' } },
    { types: ['keyword'], style: { color: '#7a1fa2' } },
    { types: ['comment'], style: { color: '#4d5761', fontStyle: 'italic' } },
  ],
};

const LANGUAGE: Record<string, string> = { AVRO: 'json', JSON: 'json', PROTOBUF: 'clike' };

/** Registered schema text, pretty-printed when it is JSON, with syntax highlighting. */
export function SchemaText({ text, schemaType }: { text: string; schemaType: string }) {
  const language = LANGUAGE[schemaType] ?? 'clike';
  return (
    <Highlight theme={THEME} code={prettySchema(text, schemaType)} language={language}>
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

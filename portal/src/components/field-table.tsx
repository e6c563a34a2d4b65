interface Field {
  path: string;
  type: string;
  tags: string[];
  optional: boolean;
  doc?: string | null;
  depth: number;
  /** An ENCRYPT rule of the version's rule set covers one of its tags: producers encrypt it. */
  encrypted: boolean;
}

/** The fields of one version, parents before children; tagged (e.g. PII) fields stand out, with their encryption. */
export function FieldTable({ fields }: { fields: Field[] }) {
  return (
    <table className="fields">
      <caption className="sr-only">Fields and their tags</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Optional</th>
          <th scope="col">Tags</th>
          <th scope="col">Encrypted</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.path} className={f.tags.length ? 'tagged' : undefined}>
            <th scope="row" className="path">
              <code>{f.path}</code>
            </th>
            <td>
              <code>{f.type}</code>
            </td>
            <td>{f.optional ? 'yes' : 'no'}</td>
            <td>
              {f.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </td>
            <td>{f.encrypted ? 'yes' : ''}</td>
            <td>{f.doc ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

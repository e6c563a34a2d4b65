import { createTwoFilesPatch } from 'diff';
import { Diff, Hunk, parseDiff } from 'react-diff-view';
import 'react-diff-view/style/index.css';
import { useQuery } from 'urql';
import { SchemaDiffQuery } from '../graphql/operations';
import { ErrorMessage } from './error-message';
import { prettySchema } from './schema-text';

/** Two versions side by side, with the compatibility verdict under each level and the field changes. */
export default function SchemaDiff({ topic, from, to }: { topic: string; from: number; to: number }) {
  const [{ data, error }] = useQuery({ query: SchemaDiffQuery, variables: { name: topic, from, to } });
  if (error) return <ErrorMessage error={error} />;
  const subject = data?.topic.subject;
  if (!subject?.diff || !subject.older || !subject.newer) return <p role="status">Loading the diff…</p>;
  const { diff } = subject;
  const patch = createTwoFilesPatch(`version ${from}`, `version ${to}`, prettySchema(subject.older.schema, 'AVRO'), prettySchema(subject.newer.schema, 'AVRO'), '', '', {
    context: 10_000,
  });
  // The parser expects git's header; the patch from `diff` starts with a separator line instead.
  const [file] = parseDiff(`diff --git a/v${from} b/v${to}\n${patch.split('\n').slice(1).join('\n')}`);
  return (
    <section aria-labelledby="diff-title" className="diff">
      <h3 id="diff-title">
        Version {from} compared with version {to}
      </h3>
      <table className="verdicts">
        <caption>Compatibility of version {to} after version {from}</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Verdict</th>
            <th scope="col">Reasons</th>
          </tr>
        </thead>
        <tbody>
          {diff.compatibility.map((v) => (
            <tr key={v.level}>
              <th scope="row">{v.level}</th>
              <td className={v.compatible ? 'ok' : 'bad'}>{v.compatible ? 'compatible' : 'incompatible'}</td>
              <td>{v.messages.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="changes">
        {diff.added.map((f) => (
          <li key={`+${f.path}`}>
            Added <code>{f.path}</code> ({f.type}){f.tags.length ? ` [${f.tags.join(', ')}]` : ''}
          </li>
        ))}
        {diff.removed.map((f) => (
          <li key={`-${f.path}`}>
            Removed <code>{f.path}</code> ({f.type})
          </li>
        ))}
        {diff.changed.map((c) => (
          <li key={`~${c.path}`}>
            Changed <code>{c.path}</code>: {c.before.type} → {c.after.type}
          </li>
        ))}
      </ul>
      {file ? (
        <div className="diff-view" role="region" aria-label={`Schema text, version ${from} and version ${to} side by side`} tabIndex={0}>
          <Diff viewType="split" diffType={file.type} hunks={file.hunks}>
            {(hunks) => hunks.map((hunk) => <Hunk key={hunk.content} hunk={hunk} />)}
          </Diff>
        </div>
      ) : (
        <p>The two versions have the same text.</p>
      )}
    </section>
  );
}

import type { CombinedError } from 'urql';

/** A failed query, said in words: the server's message, or that the server cannot be reached. */
export function ErrorMessage({ error }: { error: CombinedError }) {
  const text = error.networkError
    ? 'Charter cannot be reached right now. Try again in a moment.'
    : error.graphQLErrors.map((e) => e.message).join(' ');
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

import { useState } from 'react';
import { getToken } from '../session/session';

/**
 * The owner team's AsyncAPI document, from the documented REST export. A plain link cannot carry
 * the Bearer token, so the file is fetched and handed to the browser as a download.
 */
export function AsyncApiDownload({ team }: { team: string }) {
  const [error, setError] = useState<string | null>(null);
  async function download() {
    setError(null);
    const res = await fetch(`/catalogue/asyncapi.yaml?team=${encodeURIComponent(team)}`, {
      headers: { authorization: `Bearer ${getToken() ?? ''}`, accept: 'application/yaml' },
    }).catch(() => null);
    if (!res?.ok) {
      setError('The AsyncAPI document could not be downloaded.');
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${team}.asyncapi.yaml`;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <>
      <button type="button" onClick={download}>
        Download AsyncAPI ({team})
      </button>
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : null}
    </>
  );
}

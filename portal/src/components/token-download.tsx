import { useState } from 'react';
import { getToken } from '../session/session';

/**
 * A documented REST export as a browser download. A plain link cannot carry the Bearer token, so
 * the file is fetched and handed to the browser.
 */
export function TokenDownload({ path, accept, fileName, label }: { path: string; accept: string; fileName: string; label: string }) {
  const [error, setError] = useState<string | null>(null);
  async function download() {
    setError(null);
    const res = await fetch(path, { headers: { authorization: `Bearer ${getToken() ?? ''}`, accept } }).catch(() => null);
    if (!res?.ok) {
      setError(`${label}: the file could not be downloaded.`);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <>
      <button type="button" onClick={download}>
        {label}
      </button>
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : null}
    </>
  );
}

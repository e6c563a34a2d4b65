/** A secret the server shows once: displayed for copying, with the warning that it will not come back. */
export function SecretOnce({ label, secret }: { label: string; secret: string }) {
  return (
    <div className="secret" role="status">
      <p>
        <strong>{label}</strong> — copy it now: Charter keeps only a hash and will not show it again.
      </p>
      <code data-testid="secret">{secret}</code>
    </div>
  );
}

import { TokenDownload } from './token-download';

/** The owner team's AsyncAPI document, from the documented REST export. */
export function AsyncApiDownload({ team }: { team: string }) {
  return (
    <TokenDownload
      path={`/catalogue/asyncapi.yaml?team=${encodeURIComponent(team)}`}
      accept="application/yaml"
      fileName={`${team}.asyncapi.yaml`}
      label={`Download AsyncAPI (${team})`}
    />
  );
}

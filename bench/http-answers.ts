/** How the HTTP bench names a request, so that the bare server finds the answer Charter gave to it. */
export function answerKey(method: string, path: string, body?: string): string {
  return body === undefined ? `${method} ${path}` : `${method} ${path} ${body}`;
}

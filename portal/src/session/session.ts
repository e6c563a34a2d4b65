// The API token lives in sessionStorage: it survives a reload but not the closing of the tab, and
// is never written to a cookie the server would have to trust.
const KEY = 'charter.token';
const NOTICE = 'charter.signin-notice';

export function getToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token);
  sessionStorage.removeItem(NOTICE);
}

/** Forgets the token; the notice (if any) is shown once on the sign-in page. */
export function signOut(notice?: string): void {
  sessionStorage.removeItem(KEY);
  if (notice) sessionStorage.setItem(NOTICE, notice);
  else sessionStorage.removeItem(NOTICE);
}

export function takeNotice(): string | null {
  const notice = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return notice;
}

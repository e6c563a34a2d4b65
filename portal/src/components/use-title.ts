import { useEffect } from 'react';

/** Each page names itself, for screen readers, history and tabs. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Charter`;
  }, [title]);
}

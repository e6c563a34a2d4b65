import { ComponentType, lazy } from 'react';
import { useTitle } from './use-title';

/**
 * A page whose code is fetched on first use (the topic page, the explorer). When that fetch fails
 * (Charter cannot be reached), the page says so inside the layout, where the connection notice stays
 * visible, instead of throwing into the router. The browser keeps the failed module, so only a
 * reload fetches it again.
 */
export function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  return lazy(() => load().catch(() => ({ default: PageNotLoaded })));
}

/**
 * A part of a page fetched on first use (the diff view, the growth chart): when its code cannot be
 * fetched, the part says so in its place and the rest of the page stays.
 */
export function lazyPart<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, what: string) {
  const PartNotLoaded = () => (
    <p role="alert" className="error">
      The {what} could not be fetched: Charter cannot be reached right now.{' '}
      <button type="button" onClick={() => window.location.reload()}>
        Try again
      </button>
    </p>
  );
  return lazy(() => load().catch(() => ({ default: PartNotLoaded as ComponentType<P> })));
}

function PageNotLoaded() {
  return <PageProblem text="Its code could not be fetched: Charter cannot be reached right now." />;
}

/** The router's error element: a page that failed while it was shown, replaced inside the layout. */
export function PageError() {
  return <PageProblem text="Something went wrong while showing it." />;
}

function PageProblem({ text }: { text: string }) {
  useTitle('Page not loaded');
  return (
    <>
      <h1>This page could not be loaded</h1>
      <p role="alert" className="error">
        {text}
      </p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </p>
    </>
  );
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where Vite writes the portal: `dist/portal` under the package root, from the sources or from `dist`. */
export function portalDirectory(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'portal');
    dir = parent;
  }
  return join(dir, 'dist', 'portal');
}

/** The built index.html, read once; null when the portal was not built. */
export function readPortalIndex(directory: string): Buffer | null {
  const file = join(directory, 'index.html');
  return existsSync(file) ? readFileSync(file) : null;
}

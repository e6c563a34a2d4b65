// First-load JavaScript of the built portal, gzipped: the scripts index.html loads or preloads.
// Lazy chunks (topic page, diff view) are listed apart. Run after `npm run build`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = join(__dirname, '..', 'dist', 'portal');
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const first = [...html.matchAll(/(?:src|href)="\/portal\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const kb = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length / 1024;
const total = first.reduce((sum, f) => sum + kb(f), 0);
console.log(`first load: ${first.join(', ')} = ${total.toFixed(1)} KB gzipped (target ≤ 350 KB)`);
for (const f of readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js') && !first.includes(`assets/${f}`))) {
  console.log(`lazy: assets/${f} = ${kb(`assets/${f}`).toFixed(1)} KB gzipped`);
}

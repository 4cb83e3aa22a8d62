// Assembles the release site under target/site from the wasm-bindgen output: what
// cargo-leptos did, without its 15-minute installation (issue 17, decision 37).
//
//   node scripts/site.mjs <bindgen-dir> <site-dir>
//
// - public/ is copied to the site root;
// - the browser files (JS glue, main WASM, the lazy islands' WASM and their loader,
//   wasm-bindgen's snippets, style/main.css) are minified and go to pkg/<hash>/, a folder
//   named after their content: they import each other by relative names, so the name
//   of the folder is the only thing that changes from one build to the next, and
//   everything under it can be cached for a year. pkg/current names that folder for the
//   server; the previous build's folder is kept, so that a page opened before an
//   upgrade can still load its lazy islands;
// - every file is precompressed (.br, .gz) for tower-http's ServeDir.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { transformSync } from 'esbuild';

const NAME = 'coin-du-partage';
const [bindgenDir, siteDir] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node scripts/site.mjs <bindgen-dir> <site-dir>');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkgRoot = path.join(siteDir, 'pkg');
const minify = (code, loader) => transformSync(code, { loader, minify: true, legalComments: 'none' }).code;

// Every file of the bundle, by its path under pkg/<hash>/.
const files = new Map();
for (const f of fs.readdirSync(bindgenDir, { recursive: true }).sort()) {
  const file = path.join(bindgenDir, f);
  if (!fs.statSync(file).isFile()) continue;
  files.set(f, f.endsWith('.js') ? minify(fs.readFileSync(file, 'utf8'), 'js') : fs.readFileSync(file));
}
if (!files.has(`${NAME}.js`) || !files.has(`${NAME}_bg.wasm`)) throw new Error(`${bindgenDir}: no ${NAME}.js / ${NAME}_bg.wasm`);
files.set(`${NAME}.css`, minify(fs.readFileSync(path.join(root, 'style/main.css'), 'utf8'), 'css'));

const h = createHash('sha256');
for (const [f, bytes] of files) h.update(f).update('\0').update(bytes).update('\0');
const id = h.digest('base64url').slice(0, 16);

// Keep the folder in use until now (if any) and this one; remove older ones.
const previous = fs.existsSync(path.join(pkgRoot, 'current')) ? fs.readFileSync(path.join(pkgRoot, 'current'), 'utf8').trim() : null;
fs.mkdirSync(pkgRoot, { recursive: true });
for (const d of fs.readdirSync(pkgRoot)) {
  if (d !== previous && d !== id) fs.rmSync(path.join(pkgRoot, d), { recursive: true, force: true });
}
fs.cpSync(path.join(root, 'public'), siteDir, { recursive: true });

const pkg = path.join(pkgRoot, id);
fs.rmSync(pkg, { recursive: true, force: true });
for (const [f, bytes] of files) {
  const file = path.join(pkg, f);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  // Precompressed copies, kept only when they save something.
  const raw = Buffer.from(bytes);
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = zlib.gzipSync(raw, { level: 9 });
  if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
  console.log(`${f.padEnd(60)} ${String(raw.length).padStart(9)} o  br ${String(br.length).padStart(8)} o`);
}
// Written last: a server started during the build still finds a complete folder.
fs.writeFileSync(path.join(pkgRoot, 'current'), `${id}\n`);

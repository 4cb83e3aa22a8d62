// Assembles the release site under target/site from the wasm-bindgen output: what
// cargo-leptos did, without its 15-minute installation (issue 17, decision 37).
//
//   node scripts/site.mjs <bindgen-dir> <site-dir> <hash-file>
//
// - public/ is copied to the site root, style/main.css minified into pkg/;
// - the JS glue, the CSS and the WASM get content hashes in their names and the hashes go
//   to <hash-file> (`js: …`, `wasm: …`, `css: …`: the lines leptos' HydrationScripts and
//   HashedStylesheet read beside the server binary);
// - wasm-bindgen's snippets (map.js) live in a folder named after their content and the
//   glue is rewritten to import it there, so every file under pkg/ changes name when its
//   content changes and can be cached for a year (cargo-leptos left the snippets unhashed
//   under an immutable cache header);
// - every file of pkg/ is precompressed (.br, .gz) for tower-http's ServeDir.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { transformSync } from 'esbuild';

const NAME = 'coin-du-partage';
const [bindgenDir, siteDir, hashFile] = process.argv.slice(2);
if (!hashFile) {
  console.error('usage: node scripts/site.mjs <bindgen-dir> <site-dir> <hash-file>');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = path.join(siteDir, 'pkg');

// md5 in URL-safe base64, as cargo-leptos named its files (any stable string would do).
const hash = (bytes) => createHash('md5').update(bytes).digest('base64url');
const minify = (code, loader) => transformSync(code, { loader, minify: true, legalComments: 'none' }).code;

fs.rmSync(pkg, { recursive: true, force: true });
fs.mkdirSync(pkg, { recursive: true });
fs.cpSync(path.join(root, 'public'), siteDir, { recursive: true });

// Snippets: one folder per crate (`snippets/app-<id>/…`), renamed after its content.
let glue = fs.readFileSync(path.join(bindgenDir, `${NAME}.js`), 'utf8');
const snippets = path.join(bindgenDir, 'snippets');
if (fs.existsSync(snippets)) {
  for (const dir of fs.readdirSync(snippets)) {
    const files = fs.readdirSync(path.join(snippets, dir), { recursive: true })
      .filter((f) => f.endsWith('.js')).sort();
    const h = createHash('md5');
    const minified = files.map((f) => {
      const code = minify(fs.readFileSync(path.join(snippets, dir, f), 'utf8'), 'js');
      h.update(f).update(code);
      return [f, code];
    });
    const named = `${dir}-${h.digest('base64url').slice(0, 10)}`;
    for (const [f, code] of minified) {
      fs.mkdirSync(path.dirname(path.join(pkg, 'snippets', named, f)), { recursive: true });
      fs.writeFileSync(path.join(pkg, 'snippets', named, f), code);
    }
    // Only the import specifiers: the same path is also the module name the WASM imports
    // from (keys of the glue's imports object), which must stay as compiled.
    const before = glue;
    glue = glue.replace(/(from\s*)(['"])\.\/snippets\/([^/'"]+)\//g,
      (all, from, quote, d) => (d === dir ? `${from}${quote}./snippets/${named}/` : all));
    if (glue === before) throw new Error(`the JS glue does not import snippets/${dir}`);
  }
}

const hashes = {};
const emit = (ext, bytes) => {
  hashes[ext] = hash(bytes);
  fs.writeFileSync(path.join(pkg, `${NAME}.${hashes[ext]}.${ext}`), bytes);
};
emit('js', minify(glue, 'js'));
emit('wasm', fs.readFileSync(path.join(bindgenDir, `${NAME}_bg.wasm`)));
emit('css', minify(fs.readFileSync(path.join(root, 'style/main.css'), 'utf8'), 'css'));
fs.mkdirSync(path.dirname(hashFile), { recursive: true });
fs.writeFileSync(hashFile, `js: ${hashes.js}\nwasm: ${hashes.wasm}\ncss: ${hashes.css}\n`);

// Precompressed copies, kept only when they save something.
for (const f of fs.readdirSync(pkg, { recursive: true })) {
  const file = path.join(pkg, f);
  if (!fs.statSync(file).isFile()) continue;
  const raw = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = zlib.gzipSync(raw, { level: 9 });
  if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
  console.log(`${f.padEnd(60)} ${String(raw.length).padStart(9)} o  br ${String(br.length).padStart(8)} o`);
}

// Builds the page into the directory Maven packages (argument 1, default ../../target/generated-resources/...):
// app-<hash>.js, app-<hash>.css and index.html naming them. Prints the JavaScript size, minified and gzipped.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const outdir = resolve(process.argv[2] ?? '../../target/generated-resources/api-tokens-ui/META-INF/api-tokens/ui');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const options = { bundle: true, minify: true, format: 'esm', target: 'es2020', legalComments: 'none', logLevel: 'warning' };
const result = await build({
  ...options, entryPoints: { app: 'src/main.js', style: 'src/app.css' }, outdir, entryNames: '[name]-[hash]', metafile: true,
});
const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const script = outputs.find((file) => file.startsWith('app-') && file.endsWith('.js'));
const style = outputs.find((file) => file.startsWith('style-') && file.endsWith('.css'));
writeFileSync(resolve(outdir, 'index.html'),
  readFileSync('index.html', 'utf8').replace('{{script}}', script).replace('{{style}}', style));

// our own code alone: the same bundle with the libraries left out
const own = await build({ ...options, entryPoints: ['src/main.js'], write: false, external: ['preact', 'preact/*', 'htm', 'htm/*'] });
const gz = (bytes) => (gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1);
const bundle = readFileSync(resolve(outdir, script));
console.log(`api-tokens-ui: ${script} ${gz(bundle)} KiB min+gz (our code ${gz(own.outputFiles[0].contents)} KiB, the rest Preact and htm)`);

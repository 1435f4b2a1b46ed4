// Writes www/pkg/package.json for the engine as an npm package for other web apps: name,
// version, description and licence from Cargo.toml; ES module entry, TypeScript declarations
// (the generated lifecircle.d.ts, typed by src/wasm/types.d.ts) and the files it ships.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const field = (key) => cargo.match(new RegExp(`^${key} = "(.*)"$`, 'm'))?.[1];
const pkg = {
  name: 'lifecircle',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  type: 'module',
  main: './lifecircle.js',
  types: './lifecircle.d.ts',
  exports: {
    '.': { types: './lifecircle.d.ts', default: './lifecircle.js' },
    './lifecircle_bg.wasm': './lifecircle_bg.wasm',
  },
  files: ['lifecircle.js', 'lifecircle.d.ts', 'lifecircle_bg.wasm', 'lifecircle_bg.wasm.d.ts'],
  sideEffects: false,
  keywords: ['15-minute city', 'life circle', 'service area', 'coverage', 'siting', 'webassembly', '生活圈'],
};
writeFileSync(join(root, 'www/pkg/package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

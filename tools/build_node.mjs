#!/usr/bin/env node
// Builds the JS layer of the Node package: tsc compiles bindings-node/ts/*.ts (and index.mts)
// into bindings-node/*.js, *.d.ts and index.mjs (bindings-node/tsconfig.json). Needs the
// addon's declarations, bindings-node/native.d.ts, which `napi build` writes (`make
// node-build`; tools/dist_node.mjs takes them from its release build or the artifacts).
//
// One step after tsc: the package entry (index.js) loses TypeScript's `__esModule` marker.
// The ES module entry re-exports index.js by name (`export * from './index.js'`), and Node
// would list the marker among the package's named exports; CommonJS callers with
// esModuleInterop would read a `default` export that does not exist. Every other module
// keeps it.
//
// The previous output is removed first, so a module deleted from ts/ leaves nothing behind
// for the package to ship (it packs bindings-node/*.js and *.d.ts).
//
//   node tools/build_node.mjs

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIR = join(ROOT, 'bindings-node')
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const MARKER = 'Object.defineProperty(exports, "__esModule", { value: true });\n'

function fail(message) {
  console.error(`build-node: ${message}`)
  process.exit(1)
}

if (!existsSync(TSC)) fail('node_modules/typescript is missing: run npm install')
if (!existsSync(join(DIR, 'native.d.ts'))) fail('bindings-node/native.d.ts is missing: build the addon first (make node-build)')

// Everything tsc writes here; napi's native.js / native.d.ts and the generated models stay.
const KEEP = new Set(['native.js', 'native.d.ts', 'models.d.ts'])
for (const file of readdirSync(DIR)) {
  if (/\.(js|mjs|d\.ts|d\.mts)$/.test(file) && !KEEP.has(file)) rmSync(join(DIR, file))
}

const tsc = spawnSync(process.execPath, [TSC, '-p', DIR], { stdio: 'inherit' })
if (tsc.status !== 0) fail(`tsc failed (exit ${tsc.status ?? tsc.signal})`)

const entry = join(DIR, 'index.js')
const text = readFileSync(entry, 'utf8')
if (text.split(MARKER).length !== 2) fail('index.js: expected exactly one __esModule marker from tsc')
writeFileSync(entry, text.replace(MARKER, ''))

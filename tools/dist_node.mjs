#!/usr/bin/env node
// `make dist-node`: the npm packages, napi-rs's per-platform layout, as `npm pack` tarballs
// in dist/:
//
//   dist/vobiz-partner-<v>.tgz                    the main package: JS, types, no binary, no
//                                                 install script; optionalDependencies pin
//                                                 @vobiz-partner/linux-x64-gnu to <v>
//   dist/vobiz-partner-linux-x64-gnu-<v>.tgz      @vobiz-partner/linux-x64-gnu: only the
//                                                 release addon; os/cpu/libc linux/x64/glibc
//
// Steps: a release build of the addon with default features (the embedded sandbox) and
// without `test-hooks` (`napi build --release`, output under target/dist-node/, so the test
// build in bindings-node/ is left alone); the platform package staged from npm/<platform>/
// (made once by `napi create-npm-dirs`, then renamed to @vobiz-partner/<platform>) with
// `napi artifacts` copying the addon in; the JS layer compiled from bindings-node/ts
// (tools/build_node.mjs); the main package staged from exactly the files `npm pack` takes
// from the repository, with the optionalDependencies added and the scripts removed. `napi pre-publish` is not used: it insists on `<packageName>-<platform>` names
// and publishes; `npm publish dist/*.tgz` (platform packages first) is the release step.
//
//   node tools/dist_node.mjs                         build this machine's addon, pack the tarballs
//   node tools/dist_node.mjs dist --artifacts DIR    pack from prebuilt .node files instead (a
//                                                    release job's artifacts, one per napi target,
//                                                    and the addon's native.d.ts)
//   node tools/dist_node.mjs size                    also build without the sandbox; report sizes
//   node tools/dist_node.mjs npm-dirs                (re)make npm/<platform>/ after napi.targets changes

import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(ROOT, 'dist')
const WORK = join(ROOT, 'target', 'dist-node')
const NAPI = join(ROOT, 'node_modules', '.bin', 'napi')
const TRIPLE = 'x86_64-unknown-linux-gnu'
const HOST_PLATFORM = 'linux-x64-gnu'
const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare', 'prepack', 'postpack', 'prepublish', 'prepublishOnly']

const started = Date.now()
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1)
const log = (message) => console.log(`dist-node: ${message}`)
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
const writeJson = (file, data) => writeFileSync(file, JSON.stringify(data, null, 2) + '\n')

function fail(message) {
  console.error(`dist-node: ${message}`)
  process.exit(1)
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', cwd: options.cwd ?? ROOT, env: options.env ?? process.env })
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`)
  return result.stdout
}

const pkg = readJson(join(ROOT, 'package.json'))
const version = pkg.version
const binaryName = pkg.napi.binaryName
const platformDirs = readdirSync(join(ROOT, 'npm')).filter((d) => existsSync(join(ROOT, 'npm', d, 'package.json')))
if (platformDirs.length === 0) fail('npm/ holds no platform package')

/** `napi build --release` into its own output dir; returns the .node path. */
function buildAddon(outDir, extraArgs) {
  const since = Date.now()
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  run(NAPI, ['build', '--platform', '--release', '--target', TRIPLE, '--manifest-path', 'bindings-node/Cargo.toml', '--package-json-path', 'package.json', '--output-dir', relative(ROOT, outDir), '--no-js', '--dts', 'native.d.ts', ...extraArgs])
  const files = readdirSync(outDir).filter((f) => f.endsWith('.node'))
  if (files.length !== 1) fail(`expected one .node in ${outDir}, found ${files.join(', ') || 'none'}`)
  log(`release addon ${extraArgs.join(' ') || '(default features)'} built in ${seconds(since)} s`)
  return join(outDir, files[0])
}

/** What the built addon exports (in a child process: it starts its own runtime). */
function probe(file) {
  const script = `const a = require(${JSON.stringify(file)}); console.log(JSON.stringify({ version: a.version(), sandbox: typeof a.Sandbox, testHooks: typeof a.testPanicSync }))`
  return JSON.parse(run(process.execPath, ['-e', script], { capture: true }))
}

/** The newest GLIBC_x.y symbol version the addon imports. */
function glibcNeeded(file) {
  const symbols = run('objdump', ['-T', file], { capture: true })
  const versions = [...symbols.matchAll(/GLIBC_(\d+)\.(\d+)(?:\.(\d+))?/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)])
  versions.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
  const newest = versions.at(-1)
  return newest ? newest.slice(0, newest[2] ? 3 : 2).join('.') : 'none'
}

function sizeOf(file) {
  const bytes = readFileSync(file)
  return { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`

function pack(dir) {
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', DIST], { cwd: dir, capture: true })
  const [info] = JSON.parse(out)
  return info
}

function checkNoLifecycleScripts(manifest, where) {
  const bad = LIFECYCLE.filter((name) => manifest.scripts && manifest.scripts[name] !== undefined)
  if (bad.length) fail(`${where} would publish lifecycle scripts: ${bad.join(', ')}`)
}

// ---------------------------------------------------------------------------------------

/** The checks on the addon this machine can load: version, no test hooks, the sandbox, glibc. */
function checkAddon(addon) {
  const exports = probe(addon)
  if (exports.version !== version) fail(`the addon reports version ${exports.version}, package.json says ${version}`)
  if (exports.testHooks !== 'undefined') fail('the release addon exports test hooks (built with test-hooks)')
  if (exports.sandbox !== 'function') fail('the release addon has no Sandbox (built without the sandbox feature)')
  const glibc = glibcNeeded(addon)
  const stated = /const GLIBC_MIN = '([\d.]+)'/.exec(readFileSync(join(ROOT, 'bindings-node', 'ts', 'loader.ts'), 'utf8'))?.[1]
  if (glibc !== stated) fail(`the addon needs glibc ${glibc}; bindings-node/ts/loader.ts GLIBC_MIN says ${stated}`)
  log(`${relative(ROOT, addon)}: version ${version}, sandbox, no test hooks, needs glibc >= ${glibc} as loader.ts says`)
}

/** The first `native.d.ts` under `dir` (any depth), or null. */
function findDeclarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isFile() && entry.name === 'native.d.ts') return path
    if (entry.isDirectory()) {
      const found = findDeclarations(path)
      if (found !== null) return found
    }
  }
  return null
}

/** Compiles the JS layer (tools/build_node.mjs), with the addon's declarations from
 * `addonDir` when the clone has none. */
function buildJsLayer(addonDir) {
  const declarations = join(ROOT, 'bindings-node', 'native.d.ts')
  if (!existsSync(declarations)) {
    const found = findDeclarations(addonDir)
    if (found === null) fail(`no native.d.ts in bindings-node/ nor under ${relative(ROOT, addonDir)} (napi build --dts native.d.ts writes it)`)
    copyFileSync(found, declarations)
    log(`addon declarations from ${relative(ROOT, found)}`)
  }
  run(process.execPath, [join(ROOT, 'tools', 'build_node.mjs')])
  log('JS layer compiled (bindings-node/ts → bindings-node/*.js, *.d.ts)')
}

/** `artifactsDir`: prebuilt .node files (any depth, e.g. CI artifacts of several platforms);
 * without it, this machine's addon is built. */
function dist(artifactsDir) {
  // One version everywhere, before anything is built.
  const check = spawnSync(process.env.PYTHON || 'python3', [join(ROOT, 'tools', 'check_versions.py')], { stdio: 'inherit' })
  if (check.status !== 0) fail('versions disagree (tools/check_versions.py)')

  const addonDir = artifactsDir ? resolve(artifactsDir) : dirname(buildAddon(join(WORK, 'build'), []))

  const stage = join(WORK, 'stage')
  rmSync(stage, { recursive: true, force: true })
  mkdirSync(stage, { recursive: true })
  mkdirSync(DIST, { recursive: true })
  for (const old of readdirSync(DIST).filter((f) => /^vobiz-partner-.*\.tgz$/.test(f))) rmSync(join(DIST, old))

  // Platform packages: npm/<platform>/ plus the addon, copied in by `napi artifacts` (which
  // also refuses a missing or unconfigured target).
  const napiRoot = join(stage, 'napi')
  mkdirSync(napiRoot)
  copyFileSync(join(ROOT, 'package.json'), join(napiRoot, 'package.json'))
  cpSync(join(ROOT, 'npm'), join(napiRoot, 'npm'), { recursive: true, filter: (src) => !src.endsWith('.node') })
  run(NAPI, ['artifacts', '--cwd', napiRoot, '--output-dir', relative(napiRoot, addonDir), '--npm-dir', 'npm'])
  const optionalDependencies = {}
  const packed = []
  const toPack = []
  let hostAddon = null
  for (const dir of platformDirs) {
    const packageDir = join(napiRoot, 'npm', dir)
    const manifest = readJson(join(packageDir, 'package.json'))
    if (manifest.name !== `@vobiz-partner/${dir}`) fail(`npm/${dir}: name ${manifest.name}, expected @vobiz-partner/${dir} (node tools/dist_node.mjs npm-dirs)`)
    if (manifest.version !== version) fail(`npm/${dir}: version ${manifest.version} != ${version}`)
    for (const field of ['os', 'cpu']) if (!Array.isArray(manifest[field])) fail(`npm/${dir}: no ${field}`)
    if (dir.startsWith('linux-') && !Array.isArray(manifest.libc)) fail(`npm/${dir}: no libc`)
    checkNoLifecycleScripts(manifest, `npm/${dir}`)
    const binary = `${binaryName}.${dir}.node`
    if (manifest.main !== binary || !existsSync(join(packageDir, binary))) fail(`npm/${dir}: ${binary} missing after napi artifacts`)
    if (dir === HOST_PLATFORM) hostAddon = join(packageDir, binary)
    optionalDependencies[manifest.name] = version
    toPack.push({ packageDir, binary, name: manifest.name })
  }
  if (hostAddon === null) fail(`no ${HOST_PLATFORM} platform package (npm/${HOST_PLATFORM}) to check`)
  checkAddon(hostAddon)
  for (const { packageDir, binary, name } of toPack) {
    const info = pack(packageDir)
    const names = info.files.map((f) => f.path).sort()
    const expected = ['README.md', binary, 'package.json'].sort()
    if (JSON.stringify(names) !== JSON.stringify(expected)) fail(`${name} packs ${names.join(', ')}; expected ${expected.join(', ')}`)
    packed.push(info)
  }

  // The main package's JS layer, compiled from bindings-node/ts (tools/build_node.mjs). It is
  // typed against the addon's declarations: a clone's build has them (bindings-node/native.d.ts);
  // otherwise they come from this release build, or from the artifacts (one native.d.ts).
  buildJsLayer(addonDir)

  // The main package: what `npm pack` takes from the repository, plus optionalDependencies.
  const listed = JSON.parse(run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { capture: true }))[0].files.map((f) => f.path)
  const main = join(stage, 'main')
  for (const file of listed) {
    if (file.endsWith('.node')) fail(`the main package would contain a binary: ${file}`)
    mkdirSync(dirname(join(main, file)), { recursive: true })
    copyFileSync(join(ROOT, file), join(main, file))
  }
  for (const file of pkg.files) if (!file.includes('*') && !file.startsWith('!') && !listed.includes(file)) fail(`package.json files lists ${file}, which npm pack does not take`)
  const manifest = readJson(join(main, 'package.json'))
  delete manifest.scripts
  manifest.optionalDependencies = { ...(manifest.optionalDependencies ?? {}), ...optionalDependencies }
  writeJson(join(main, 'package.json'), manifest)
  checkNoLifecycleScripts(manifest, 'vobiz-partner')
  for (const target of [manifest.main, manifest.types, ...Object.values(manifest.exports['.'])]) {
    if (!existsSync(join(main, target))) fail(`vobiz-partner: ${target} (main/types/exports) is not in the package`)
  }
  packed.unshift(pack(main))

  for (const info of packed) {
    log(`${join('dist', info.filename)}: ${info.name}@${info.version}, ${mb(info.size)} packed, ${mb(info.unpackedSize)} unpacked, ${info.entryCount} files`)
  }
  const size = sizeOf(hostAddon)
  log(`${HOST_PLATFORM} addon ${mb(size.bytes)} (${mb(size.gzip)} gzip -9), with the sandbox, without test-hooks`)
  log(`done in ${seconds(started)} s; publish the platform packages first, then vobiz-partner`)
  return join(addonDir, `${binaryName}.${HOST_PLATFORM}.node`)
}

/** (Re)makes npm/<platform>/ for every napi.targets entry: `napi create-npm-dirs` in a staging
 * copy, then the name napi cannot produce (`@vobiz-partner/<platform>`, not
 * `<packageName>-<platform>`), a description and a README. */
function npmDirs() {
  const staging = join(WORK, 'npm-dirs')
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  copyFileSync(join(ROOT, 'package.json'), join(staging, 'package.json'))
  run(NAPI, ['create-npm-dirs', '--cwd', staging, '--npm-dir', 'npm'])
  for (const dir of readdirSync(join(staging, 'npm'))) {
    const generated = readJson(join(staging, 'npm', dir, 'package.json'))
    const manifest = {}
    for (const [key, value] of Object.entries(generated)) {
      if (key === 'name') manifest.name = `@vobiz-partner/${dir}`
      else if (key === 'description') manifest.description = `The prebuilt Node-API addon of vobiz-partner for ${dir}; installed by vobiz-partner, not used on its own`
      else manifest[key] = value
    }
    const target = join(ROOT, 'npm', dir)
    mkdirSync(target, { recursive: true })
    writeJson(join(target, 'package.json'), manifest)
    writeFileSync(
      join(target, 'README.md'),
      `# \`@vobiz-partner/${dir}\`\n\nThe **${dir}** build of the native addon of\n[\`vobiz-partner\`](https://www.npmjs.com/package/vobiz-partner). It holds only\n\`${binaryName}.${dir}.node\`; install \`vobiz-partner\`, which lists this package in its\n\`optionalDependencies\` and loads it. Its version is always that of \`vobiz-partner\`.\n\nMade by \`make dist-node\` (napi-rs \`create-npm-dirs\` / \`artifacts\`) from the repository.\n`,
    )
    log(`npm/${dir}: ${manifest.name}@${manifest.version}`)
  }
}

function size(withSandbox) {
  const without = buildAddon(join(WORK, 'build-no-sandbox'), ['--no-default-features'])
  const exports = probe(without)
  if (exports.sandbox !== 'undefined') fail('the --no-default-features addon still has Sandbox')
  const rows = []
  for (const [label, file] of [['with the sandbox (published)', withSandbox], ['without the sandbox', without]]) {
    const stripped = file.replace(/\.node$/, '.stripped.node')
    run('strip', ['--strip-unneeded', '-o', stripped, file])
    const probeStripped = probe(stripped)
    if (probeStripped.version !== version) fail(`${stripped} does not load`)
    rows.push([label, sizeOf(file), sizeOf(stripped)])
  }
  console.log('\nrelease .node sizes (bytes; gzip -9 ≈ what the tarball adds):')
  for (const [label, raw, stripped] of rows) {
    console.log(`  ${label.padEnd(30)} ${mb(raw.bytes)} (gzip ${mb(raw.gzip)}); after strip --strip-unneeded ${mb(stripped.bytes)} (gzip ${mb(stripped.gzip)})`)
  }
  const [w, wo] = rows
  console.log(`  the sandbox adds ${mb(w[1].bytes - wo[1].bytes)} (${(100 * (w[1].bytes - wo[1].bytes) / w[1].bytes).toFixed(0)}%) to the addon as built`)
  log(`size report done in ${seconds(started)} s`)
}

const [mode = 'dist', ...rest] = process.argv.slice(2)
if (mode === 'dist') {
  if (rest.length !== 0 && !(rest.length === 2 && rest[0] === '--artifacts')) fail('usage: dist_node.mjs [dist [--artifacts DIR] | size | npm-dirs]')
  dist(rest[1])
} else if (mode === 'size') size(dist())
else if (mode === 'npm-dirs') npmDirs()
else fail(`unknown mode ${mode} (dist [--artifacts DIR] | size | npm-dirs)`)

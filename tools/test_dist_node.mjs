#!/usr/bin/env node
// `make test-dist-node`: the tarballs of `make dist-node`, installed the way a user gets them,
// on a machine without Rust.
//
// In fresh npm projects under a temp dir, with every PATH entry that holds cargo or rustc
// removed and CARGO_HOME / RUSTUP_HOME (and npm_* / NODE_* settings) unset:
//   1. `npm install --offline` of the main tarball by file, its optional dependency on the
//      platform package resolved to the platform tarball through `overrides` (what the registry
//      would deliver; nothing comes from the network): no install script runs, the main package
//      holds no binary, the addon loads from node_modules/@vobiz-partner/linux-x64-gnu; the README's
//      Node quickstart (tools/readme_node_quickstart.mjs) runs as an ES module (`import`) and
//      as CommonJS (`require`), embedded sandbox included; the packaged types resolve
//      (`tsc --strict` on a file importing 'vobiz-partner').
//   2. the main tarball alone with --omit=optional: `require` and `import` both fail with the
//      one clear Error of bindings-node/loader.js (platform, supported list, fix), not a
//      chain of require failures.
// The temp dir is removed unless KEEP_TMP=1.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(ROOT, 'dist')
const started = Date.now()
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version
const PLATFORM = 'linux-x64-gnu'
const PLATFORM_PACKAGE = `@vobiz-partner/${PLATFORM}`

let failures = 0
function check(condition, message, detail = '') {
  if (condition) {
    console.log(`test-dist-node: ok   ${message}`)
  } else {
    failures++
    console.error(`test-dist-node: FAIL ${message}${detail ? `\n${detail}` : ''}`)
  }
}
function fatal(message, detail = '') {
  console.error(`test-dist-node: FAIL ${message}${detail ? `\n${detail}` : ''}`)
  process.exit(1)
}

// --- the environment of a machine without Rust ----------------------------------------
function hasRust(dir) {
  return ['cargo', 'rustc'].some((tool) => {
    try {
      return statSync(join(dir, tool)).isFile()
    } catch {
      return false
    }
  })
}
const pathDirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
const removed = pathDirs.filter(hasRust)
const env = {}
for (const [key, value] of Object.entries(process.env)) {
  if (/^(CARGO|RUSTUP|RUST)/.test(key) || /^npm_/i.test(key) || /^NODE_/.test(key) || key.startsWith('NAPI_RS_')) continue
  env[key] = value
}
env.PATH = pathDirs.filter((dir) => !hasRust(dir)).join(delimiter)
env.npm_config_update_notifier = 'false'

function sh(command, args, cwd) {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 180_000 })
}
const which = (tool) => sh('sh', ['-c', `command -v ${tool}`], ROOT).stdout.trim()
check(which('cargo') === '' && which('rustc') === '', `no cargo or rustc on PATH (removed: ${[...new Set(removed)].join(', ') || 'none present'})`)
check(which('node') !== '' && which('npm') !== '', `node and npm still on PATH (${which('node')})`)

// --- the tarballs -----------------------------------------------------------------------
const mainTarball = join(DIST, `vobiz-partner-${version}.tgz`)
const platformTarball = join(DIST, `vobiz-partner-${PLATFORM}-${version}.tgz`)
for (const file of [mainTarball, platformTarball]) if (!existsSync(file)) fatal(`${file} missing: run make dist-node`)

const tmp = mkdtempSync(join(tmpdir(), 'vobiz-dist-node-'))
// The project depends on vobiz-partner only; its platform package arrives as its optional
// dependency, as from the registry, with `overrides` pointing that name at the tarball.
function project(name) {
  const dir = join(tmp, name)
  spawnSync('mkdir', ['-p', dir])
  const manifest = { name: `dist-node-${name}`, version: '1.0.0', private: true, overrides: { [PLATFORM_PACKAGE]: `file:${platformTarball}` } }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n')
  return dir
}
function npmInstall(dir, args) {
  const since = Date.now()
  const result = sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=warn', ...args], dir)
  if (result.status !== 0) fatal(`npm install ${args.join(' ')} failed`, result.stdout + result.stderr)
  return ((Date.now() - since) / 1000).toFixed(1)
}

try {
  // 1. Both packages.
  const full = project('full')
  const took = npmInstall(full, [mainTarball])
  check(true, `npm install --offline of the vobiz-partner tarball by file (${took} s)`)
  const installed = join(full, 'node_modules')
  const mainDir = join(installed, 'vobiz-partner')
  const platformDir = join(installed, '@vobiz-partner', PLATFORM)
  const listing = (dir) => sh('find', [dir, '-type', 'f'], dir).stdout.trim().split('\n').filter(Boolean)
  check(!listing(mainDir).some((f) => f.endsWith('.node')), 'the main package holds no binary')
  const mainManifest = JSON.parse(readFileSync(join(mainDir, 'package.json'), 'utf8'))
  check(mainManifest.scripts === undefined, 'the main package has no scripts (no install script)')
  check(mainManifest.optionalDependencies?.[PLATFORM_PACKAGE] === version, `optionalDependencies pin ${PLATFORM_PACKAGE} ${version}`)
  check(existsSync(join(platformDir, `vobiz-partner.${PLATFORM}.node`)), `${PLATFORM_PACKAGE} is installed with its addon`)
  const lock = JSON.parse(readFileSync(join(full, 'package-lock.json'), 'utf8'))
  check(lock.packages[`node_modules/${PLATFORM_PACKAGE}`]?.optional === true, `${PLATFORM_PACKAGE} came in as an optional dependency of vobiz-partner`)
  check(!Object.values(lock.packages).some((p) => p.hasInstallScript), 'no installed package has an install script')

  const probe = sh(process.execPath, ['-e', "const m = require('vobiz-partner'); console.log(JSON.stringify({ version: m.VERSION, addons: Object.keys(require.cache).filter((f) => f.endsWith('.node')) }))"], full)
  const loaded = probe.status === 0 ? JSON.parse(probe.stdout) : null
  check(loaded !== null && loaded.version === version, `require('vobiz-partner').VERSION is ${version}`, probe.stderr)
  check(loaded !== null && loaded.addons.length === 1 && loaded.addons[0].startsWith(platformDir), `the addon comes from ${PLATFORM_PACKAGE}`, JSON.stringify(loaded))

  const quickstart = spawnSync(process.execPath, [join(ROOT, 'tools', 'readme_node_quickstart.mjs'), '--esm', join(full, 'quickstart.mjs'), '--cjs', join(full, 'quickstart.cjs')], { encoding: 'utf8' })
  if (quickstart.status !== 0) fatal('could not extract the README quickstart', quickstart.stderr)
  for (const file of ['quickstart.mjs', 'quickstart.cjs']) {
    const since = Date.now()
    const result = sh(process.execPath, [file], full)
    const output = result.stdout.trim()
    check(result.status === 0 && output !== '', `README quickstart as ${file.endsWith('.mjs') ? 'ES module (import)' : 'CommonJS (require)'} runs (${((Date.now() - since) / 1000).toFixed(1)} s)`, `exit ${result.status}\n${result.stdout}${result.stderr}`)
    if (result.status === 0) console.log(output.replace(/^/gm, '    | '))
  }

  // The types ship whole: tsc --strict on a file that imports the installed package.
  writeFileSync(join(full, 'types.mts'), "import { Partner, Sandbox, VERSION, type VobizError } from 'vobiz-partner'\nconst sandbox: Sandbox = await Sandbox.start()\nconst partner: Partner = new Partner(sandbox.partnerCredentials, { baseUrl: sandbox.url })\nconst version: string = VERSION\nexport type E = VobizError\nexport { partner, version }\n")
  writeFileSync(join(full, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [], skipLibCheck: false }, files: ['types.mts'] }))
  const tsc = sh(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], full)
  check(tsc.status === 0, "the packaged types check (tsc --strict, import from 'vobiz-partner')", tsc.stdout + tsc.stderr)

  // 2. The main package alone: the loader's clear error.
  const bare = project('no-platform-package')
  npmInstall(bare, ['--omit=optional', mainTarball])
  check(existsSync(join(bare, 'node_modules', 'vobiz-partner')) && !existsSync(join(bare, 'node_modules', '@vobiz-partner')), `--omit=optional installs vobiz-partner without ${PLATFORM_PACKAGE}`)
  const expectations = [
    [`names the platform`, `${PLATFORM} (process.platform "linux", process.arch "x64", libc glibc`],
    ['names the platform package', `It is in the package ${PLATFORM_PACKAGE}`],
    ['lists the supported platforms', `Platforms with a prebuilt addon: ${PLATFORM}.`],
    ['says how to fix it', `Fix: npm install ${PLATFORM_PACKAGE}@${version}`],
  ]
  for (const [how, args] of [['require', ['-e', "require('vobiz-partner')"]], ['import', ['--input-type=module', '-e', "await import('vobiz-partner')"]]]) {
    const result = sh(process.execPath, args, bare)
    const stderr = result.stderr
    check(result.status !== 0 && stderr.includes('ERR_VOBIZ_NATIVE_ADDON_MISSING'), `${how} without the platform package fails with ERR_VOBIZ_NATIVE_ADDON_MISSING`, stderr)
    for (const [what, text] of expectations) check(stderr.includes(text), `  the ${how} error ${what}`, stderr)
    check(!/Cannot find module|MODULE_NOT_FOUND|Require stack|\[cause\]/.test(stderr), `  the ${how} error is not a chain of require failures`, stderr)
    if (how === 'require') console.log(stderr.split('\n').filter((l) => l.startsWith('Error: vobiz-partner') || /^(It is|npm skips|Fix|  or|Platforms|\(https)/.test(l)).map((l) => `    | ${l}`).join('\n'))
  }
} finally {
  if (process.env.KEEP_TMP === '1') console.log(`test-dist-node: kept ${tmp}`)
  else rmSync(tmp, { recursive: true, force: true })
}

console.log(`test-dist-node: ${failures === 0 ? 'all passed' : `${failures} failed`} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exit(failures === 0 ? 0 : 1)



// bindings-node/loader.js, which finds the native addon: the platform package first, then a
// build in a clone; otherwise one clear Error (platform, supported list, how to fix it), never a
// chain of require failures. Each case runs the package's JS files, copied into a temp dir
// arranged for it, in a child process (a loaded addon cannot be unloaded).

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
// The JS layer (compiled from bindings-node/ts), without napi's unused native.js.
const JS = readdirSync(join(ROOT, 'bindings-node')).filter((f) => /\.m?js$/.test(f) && f !== 'native.js')
const DEV_ADDON = join(ROOT, 'bindings-node', 'vobiz-partner.linux-x64-gnu.node')
const PLATFORM_PACKAGE = '@vobiz-partner/linux-x64-gnu'
const onLinuxX64Glibc = process.platform === 'linux' && process.arch === 'x64' && Boolean(process.report.getReport().header.glibcVersionRuntime)

const temps = []
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

/** A copy of the package without any addon: package.json and the JS layer. */
function packageCopy(manifest = PKG) {
  const dir = mkdtempSync(join(tmpdir(), 'vobiz-loader-'))
  temps.push(dir)
  mkdirSync(join(dir, 'bindings-node'))
  for (const file of JS) copyFileSync(join(ROOT, 'bindings-node', file), join(dir, 'bindings-node', file))
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest))
  return dir
}

function platformPackage(dir, { version = PKG.version, addon } = {}) {
  const packageDir = join(dir, 'node_modules', ...PLATFORM_PACKAGE.split('/'))
  mkdirSync(packageDir, { recursive: true })
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ name: PLATFORM_PACKAGE, version, main: 'vobiz-partner.linux-x64-gnu.node' }))
  if (addon === 'garbage') writeFileSync(join(packageDir, 'vobiz-partner.linux-x64-gnu.node'), 'not an ELF file')
  else if (addon) {
    try {
      linkSync(addon, join(packageDir, 'vobiz-partner.linux-x64-gnu.node'))
    } catch {
      copyFileSync(addon, join(packageDir, 'vobiz-partner.linux-x64-gnu.node'))
    }
  }
  return packageDir
}

/** Runs `code` in a child process in `dir`, with an optional preload that fakes the platform. */
function run(dir, code, { preload, env = {}, esm = false } = {}) {
  const args = []
  if (preload) {
    writeFileSync(join(dir, 'preload.cjs'), preload)
    args.push('--require', join(dir, 'preload.cjs'))
  }
  if (esm) args.push('--input-type=module')
  args.push('-e', code)
  const childEnv = { ...process.env, ...env }
  if (!('NAPI_RS_NATIVE_LIBRARY_PATH' in env)) delete childEnv.NAPI_RS_NATIVE_LIBRARY_PATH
  delete childEnv.NODE_PATH
  return spawnSync(process.execPath, args, { cwd: dir, env: childEnv, encoding: 'utf8' })
}

const load = (dir) => `require(${JSON.stringify(join(dir, 'bindings-node', 'index.js'))})`
const report = (dir) =>
  `try { ${load(dir)}; console.log('loaded') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, cause: e.cause === undefined ? null : String(e.cause) })) }`

function errorOf(result) {
  assert.equal(result.status, 0, result.stderr)
  return JSON.parse(result.stdout)
}

function assertNotARequireChain(error) {
  assert.doesNotMatch(error.message, /Cannot find module|MODULE_NOT_FOUND|Require stack/)
}

const fakePlatform = (platform, arch) => `
Object.defineProperty(process, 'platform', { value: ${JSON.stringify(platform)} })
Object.defineProperty(process, 'arch', { value: ${JSON.stringify(arch)} })
`
// As on Alpine: /usr/bin/ldd is musl's, and Node's report names no glibc.
const fakeMusl = `
const fs = require('node:fs')
const readFileSync = fs.readFileSync
fs.readFileSync = (file, ...rest) => (file === '/usr/bin/ldd' ? 'musl libc (x86_64)' : readFileSync(file, ...rest))
const getReport = process.report.getReport.bind(process.report)
process.report.getReport = () => { const r = getReport(); delete r.header.glibcVersionRuntime; return r }
`

describe('the native addon loader', () => {
  it('without any addon, names the platform, the platform package, the supported list and the fix', () => {
    const dir = packageCopy({ ...PKG, optionalDependencies: { [PLATFORM_PACKAGE]: PKG.version } })
    const error = errorOf(run(dir, report(dir), { preload: fakePlatform('linux', 'x64') }))
    if (!onLinuxX64Glibc) return // the host decides the platform key below
    assert.equal(error.code, 'ERR_VOBIZ_NATIVE_ADDON_MISSING')
    assert.match(error.message, /^vobiz-partner: no native addon for this platform, linux-x64-gnu \(process\.platform "linux", process\.arch "x64", libc glibc [\d.]+\)\./)
    assert.match(error.message, new RegExp(`It is in the package ${PLATFORM_PACKAGE}, an optional dependency`))
    assert.match(error.message, new RegExp(`Fix: npm install ${PLATFORM_PACKAGE}@${PKG.version.replaceAll('.', '\\.')}`))
    assert.match(error.message, /--omit=optional/)
    assert.match(error.message, /Platforms with a prebuilt addon: linux-x64-gnu\./)
    assert.equal(error.cause, null)
    assertNotARequireChain(error)
  })

  it('throws the same error through import (ES module entry)', () => {
    // Uncaught on purpose: Node 20 reports an error thrown by a CommonJS module that an ES
    // module re-exports (`export * from './index.js'`) as uncaught even when the import() is
    // caught, whatever the module.
    const dir = packageCopy()
    const code = `await import(${JSON.stringify(pathToFileURL(join(dir, 'bindings-node', 'index.mjs')).href)})`
    const result = run(dir, code, { esm: true, preload: fakePlatform('darwin', 'arm64') })
    assert.notEqual(result.status, 0)
    assert.match(result.stderr, /Error: vobiz-partner: no native addon for this platform, darwin-arm64 /)
    assert.match(result.stderr, /code: 'ERR_VOBIZ_NATIVE_ADDON_UNSUPPORTED'/)
    assertNotARequireChain({ message: result.stderr })
  })

  it('on an unsupported platform, says so, lists the supported ones and how to build from source', () => {
    const dir = packageCopy({ ...PKG, optionalDependencies: { [PLATFORM_PACKAGE]: PKG.version } })
    const error = errorOf(run(dir, report(dir), { preload: fakePlatform('darwin', 'arm64') }))
    assert.equal(error.code, 'ERR_VOBIZ_NATIVE_ADDON_UNSUPPORTED')
    assert.match(error.message, /no native addon for this platform, darwin-arm64 \(process\.platform "darwin", process\.arch "arm64"\)\./)
    assert.match(error.message, /Platforms with a prebuilt addon: linux-x64-gnu\./)
    assert.match(error.message, /make node-build/)
    assert.match(error.message, /NAPI_RS_NATIVE_LIBRARY_PATH/)
    assertNotARequireChain(error)
  })

  it('tells musl from glibc (linux-x64-musl has no prebuilt addon)', () => {
    const dir = packageCopy()
    const error = errorOf(run(dir, report(dir), { preload: fakePlatform('linux', 'x64') + fakeMusl }))
    assert.equal(error.code, 'ERR_VOBIZ_NATIVE_ADDON_UNSUPPORTED')
    assert.match(error.message, /linux-x64-musl \(process\.platform "linux", process\.arch "x64", libc musl\)/)
  })

  it('refuses a platform package of another version', () => {
    const dir = packageCopy()
    platformPackage(dir, { version: '0.0.1-other', addon: 'garbage' })
    const error = errorOf(run(dir, report(dir), { preload: fakePlatform('linux', 'x64') }))
    if (!onLinuxX64Glibc) return
    assert.equal(error.code, 'ERR_VOBIZ_NATIVE_ADDON_VERSION')
    assert.match(error.message, new RegExp(`${PLATFORM_PACKAGE} 0\\.0\\.1-other is installed, but vobiz-partner ${PKG.version.replaceAll('.', '\\.')} needs`))
  })

  it('reports a platform package whose addon does not load, with the reason', () => {
    const dir = packageCopy()
    const packageDir = platformPackage(dir, { addon: 'garbage' })
    const error = errorOf(run(dir, report(dir)))
    if (!onLinuxX64Glibc) return
    assert.equal(error.code, 'ERR_VOBIZ_NATIVE_ADDON_LOAD')
    assert.ok(error.message.includes(`File: ${packageDir} (${PLATFORM_PACKAGE})`), error.message)
    assert.match(error.message, /Reason: .*(invalid ELF header|too short)/)
    assert.match(error.message, /glibc 2\.\d+ or newer/)
    assert.notEqual(error.cause, null)
  })

  it('reports a NAPI_RS_NATIVE_LIBRARY_PATH that does not load', () => {
    const dir = packageCopy()
    const missing = join(dir, 'nowhere.node')
    const error = errorOf(run(dir, report(dir), { env: { NAPI_RS_NATIVE_LIBRARY_PATH: missing } }))
    assert.equal(error.code, 'ERR_VOBIZ_NATIVE_ADDON_LOAD')
    assert.ok(error.message.includes(`File: ${missing} (NAPI_RS_NATIVE_LIBRARY_PATH)`), error.message)
  })

  it('prefers the platform package to a build beside the loader', { skip: !onLinuxX64Glibc && 'needs linux-x64 glibc' }, () => {
    const dir = packageCopy({ ...PKG, optionalDependencies: { [PLATFORM_PACKAGE]: PKG.version } })
    const packageDir = platformPackage(dir, { addon: DEV_ADDON })
    // A broken clone build: loading it would fail, so success means it was not used.
    writeFileSync(join(dir, 'bindings-node', 'vobiz-partner.linux-x64-gnu.node'), 'not an ELF file')
    const code = `const m = ${load(dir)}; console.log(JSON.stringify({ version: m.VERSION, addons: Object.keys(require.cache).filter((f) => f.endsWith('.node')) }))`
    const result = run(dir, code)
    assert.equal(result.status, 0, result.stderr)
    const { version, addons } = JSON.parse(result.stdout)
    assert.equal(version, PKG.version)
    assert.deepEqual(addons.map((f) => dirname(f)), [packageDir])
  })

  it('falls back to the build beside the loader (a clone)', { skip: !onLinuxX64Glibc && 'needs linux-x64 glibc' }, () => {
    const dir = packageCopy()
    try {
      linkSync(DEV_ADDON, join(dir, 'bindings-node', 'vobiz-partner.linux-x64-gnu.node'))
    } catch {
      copyFileSync(DEV_ADDON, join(dir, 'bindings-node', 'vobiz-partner.linux-x64-gnu.node'))
    }
    const result = run(dir, `console.log(${load(dir)}.VERSION)`)
    assert.equal(result.status, 0, result.stderr)
    assert.equal(result.stdout.trim(), PKG.version)
  })
})

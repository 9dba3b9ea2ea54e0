// Finds and loads the compiled Rust addon of vobiz-partner.
//
// Where the addon comes from, in this order:
//   1. NAPI_RS_NATIVE_LIBRARY_PATH, when set: a `.node` file built by hand (napi-rs's own
//      override variable);
//   2. the platform package `@vobiz-partner/<platform>` (e.g. `@vobiz-partner/linux-x64-gnu`),
//      an optional dependency of the published package that holds only the prebuilt addon;
//   3. `vobiz-partner.<platform>.node` beside this file: the output of `napi build --platform`
//      in a clone (`make node-build`). The published package never contains it.
// Nothing found, or found and not loadable, throws one Error saying which platform this is,
// which platforms have prebuilt addons and how to fix it; never a chain of require failures.
//
// napi's generated loader (native.js, made by `napi build --js native.js`) is not used here: it
// looks for `vobiz-partner-<platform>` packages, and the platform packages are named
// `@vobiz-partner/<platform>`. Its declarations (native.d.ts) type the addon.

import * as fs from 'node:fs'
import * as path from 'node:path'

import type * as Native from './native.js'

const BINARY_NAME = 'vobiz-partner'
const SCOPE = '@vobiz-partner'
/** The newest glibc symbol version the prebuilt linux-*-gnu addons need (`make dist-node`
 * checks it against the built addon). */
const GLIBC_MIN = '2.34'
/** The platforms of a clone's build (napi-rs's platform-arch-abi names, from napi.targets). */
const CLONE_PLATFORMS = ['linux-x64-gnu']

interface Libc {
  abi: string
  name: string
}
interface Platform {
  key: string
  platform: string
  arch: string
  libc: Libc | null
}

/** This package's version, and the platforms it has prebuilt addons for: its `@vobiz-partner/*`
 * optionalDependencies (added by `make dist-node`), or a clone's build platforms. */
function packageInfo(): { version: string | undefined; supported: string[] } {
  let manifest: { version?: string; optionalDependencies?: Record<string, string> } = {}
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'))
  } catch {
    manifest = {}
  }
  const published = Object.keys(manifest.optionalDependencies || {})
    .filter((name) => name.startsWith(`${SCOPE}/`))
    .map((name) => name.slice(SCOPE.length + 1))
  return { version: manifest.version, supported: published.length > 0 ? published : CLONE_PLATFORMS }
}

interface ReportHeader {
  glibcVersionRuntime?: string
}

/** Node's own report header (what it says of the C library), or null. Costs tens of ms. */
function reportHeader(): ReportHeader | null {
  try {
    // `excludeNetwork` (Node >= 20.13) keeps the report from resolving host names.
    const report = process.report as typeof process.report & { excludeNetwork: boolean }
    const before = report.excludeNetwork
    report.excludeNetwork = true
    try {
      return (report.getReport() as { header: ReportHeader }).header
    } finally {
      report.excludeNetwork = before
    }
  } catch {
    return null
  }
}

const GLIBC: Libc = { abi: 'gnu', name: 'glibc' }
const MUSL: Libc = { abi: 'musl', name: 'musl' }
const readFileText = (file: string): string => fs.readFileSync(file, 'utf8')

/** glibc or musl (Linux only): /usr/bin/ldd names musl on musl systems (napi-rs's check);
 * without it (distroless images), Node's report says whether it runs on glibc. */
function linuxLibc(): Libc {
  try {
    return readFileText('/usr/bin/ldd').includes('musl') ? MUSL : GLIBC
  } catch {
    const header = reportHeader()
    return header && !header.glibcVersionRuntime ? MUSL : GLIBC
  }
}

/** This process's platform in napi-rs's naming (`linux-x64-gnu`, `darwin-arm64`, …). */
function currentPlatform(): Platform {
  const { platform, arch } = process
  if (platform === 'linux') {
    const libc = linuxLibc()
    const abi = arch === 'arm' ? `${libc.abi}eabihf` : libc.abi
    return { key: `${platform}-${arch}-${abi}`, platform, arch, libc }
  }
  if (platform === 'win32') return { key: `${platform}-${arch}-msvc`, platform, arch, libc: null }
  return { key: `${platform}-${arch}`, platform, arch, libc: null }
}

function describe(current: Platform): string {
  const parts = [`process.platform "${current.platform}"`, `process.arch "${current.arch}"`]
  if (current.libc) parts.push(`libc ${current.libc.name}${glibcVersion(current) ? ` ${glibcVersion(current)}` : ''}`)
  return `${current.key} (${parts.join(', ')})`
}

/** The running glibc's version, for error messages only. */
function glibcVersion(current: Platform): string | null {
  if (!current.libc || current.libc.abi !== 'gnu') return null
  const header = reportHeader()
  return (header && header.glibcVersionRuntime) || null
}

function addonError(code: string, lines: string[], cause?: unknown): Error & { code: string } {
  const error = new Error(`vobiz-partner: ${lines.join('\n')}`) as Error & { code: string }
  error.code = code
  if (cause !== undefined) error.cause = cause
  Error.captureStackTrace(error, addonError)
  return error
}

function loadFailure(current: Platform, file: string, origin: string, cause: unknown): Error {
  const reason = cause && typeof (cause as Error).message === 'string' ? (cause as Error).message : String(cause)
  return addonError(
    'ERR_VOBIZ_NATIVE_ADDON_LOAD',
    [
      `the native addon for ${describe(current)} was found but could not be loaded.`,
      `File: ${file} (${origin}).`,
      `Reason: ${reason}`,
      `The prebuilt Linux addons need glibc ${GLIBC_MIN} or newer` +
        (glibcVersion(current) ? ` (this system has glibc ${glibcVersion(current)})` : '') +
        '; if the file is damaged, reinstall the package.',
    ],
    cause,
  )
}

function load(): typeof Native {
  const current = currentPlatform()
  const { version, supported: platforms } = packageInfo()

  const override = process.env.NAPI_RS_NATIVE_LIBRARY_PATH
  if (override) {
    try {
      return require(path.resolve(override))
    } catch (cause) {
      throw loadFailure(current, path.resolve(override), 'NAPI_RS_NATIVE_LIBRARY_PATH', cause)
    }
  }

  // 2. The platform package.
  const packageName = `${SCOPE}/${current.key}`
  let manifestPath: string | null = null
  try {
    manifestPath = require.resolve(`${packageName}/package.json`)
  } catch {
    manifestPath = null
  }
  if (manifestPath !== null) {
    let installed: string | undefined
    try {
      installed = JSON.parse(fs.readFileSync(manifestPath, 'utf8')).version
    } catch {
      installed = undefined
    }
    if (version !== undefined && installed !== version) {
      throw addonError('ERR_VOBIZ_NATIVE_ADDON_VERSION', [
        `${packageName} ${installed} is installed, but vobiz-partner ${version} needs ${packageName} ${version} ` +
          '(the two are released together, with one version).',
        `Fix: npm install vobiz-partner@${version} ${packageName}@${version}`,
      ])
    }
    const directory = path.dirname(manifestPath)
    try {
      return require(packageName)
    } catch (cause) {
      throw loadFailure(current, directory, packageName, cause)
    }
  }

  // 3. A build in a clone.
  const local = path.join(__dirname, `${BINARY_NAME}.${current.key}.node`)
  if (fs.existsSync(local)) {
    try {
      return require(local)
    } catch (cause) {
      throw loadFailure(current, local, 'a build in this source tree', cause)
    }
  }

  const pinned = version === undefined ? packageName : `${packageName}@${version}`
  const supported = platforms.join(', ')
  if (platforms.includes(current.key)) {
    throw addonError('ERR_VOBIZ_NATIVE_ADDON_MISSING', [
      `no native addon for this platform, ${describe(current)}.`,
      `It is in the package ${packageName}, an optional dependency of vobiz-partner, which is not installed.`,
      'npm skips optional dependencies when told to (--omit=optional, --no-optional, ' +
        'npm_config_omit=optional) and when the lockfile was written on another platform ' +
        '(https://github.com/npm/cli/issues/4828).',
      `Fix: npm install ${pinned}`,
      '  or reinstall without --omit=optional (after deleting node_modules and package-lock.json ' +
        'if the lockfile came from another platform).',
      `Platforms with a prebuilt addon: ${supported}.`,
    ])
  }
  throw addonError('ERR_VOBIZ_NATIVE_ADDON_UNSUPPORTED', [
    `no native addon for this platform, ${describe(current)}.`,
    `Platforms with a prebuilt addon: ${supported}.`,
    'Fix: run on a supported platform (e.g. a glibc-based linux/amd64 container such as node:20-bookworm), ' +
      `or build the addon from source: in a clone of the repository, \`make node-build\` (needs Rust) ` +
      `writes ${BINARY_NAME}.${current.key}.node beside this file, or point NAPI_RS_NATIVE_LIBRARY_PATH at such a file.`,
  ])
}

/**
 * The addon.
 * @internal
 */
export const native: typeof Native = load()

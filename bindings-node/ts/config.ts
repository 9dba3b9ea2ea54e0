// Configuration (ClientConfig) and credentials (PartnerCredentials, AccountCredentials):
// the token goes into the addon and nothing can read it back.

import { inspect } from 'node:util'

import { call } from './convert.js'
import { type Inspect, type InspectOptions, inspectAs, nativeOf, setNative, wrap } from './handles.js'
import { native } from './loader.js'
import { optionalNumber, optionsOf, requireString } from './options.js'

import type * as Native from './native.js'

const REDACTED = '<redacted>'

/**
 * Options of `new ClientConfig(...)`; omitted ones keep the core defaults. Any other key
 * throws a `TypeError` naming it (as do unknown keys of every options object of this
 * package: `RequestOptions`, `VerifyWebhookOptions`, the sandbox's).
 */
export interface ClientConfigOptions {
  /**
   * The API origin, e.g. `https://api.vobiz.ai` (the default) or a sandbox's
   * `http://127.0.0.1:PORT`. Plain `http://` is refused except for loopback hosts; a
   * trailing `/api/v1` is dropped.
   */
  baseUrl?: string | undefined
  /** How long one attempt may take, in milliseconds (default 30000). */
  timeoutMs?: number | undefined
  /** How long connecting may take, in milliseconds (default 10000). */
  connectTimeoutMs?: number | undefined
  /** Retries after the first attempt, for safe requests (default 2, at most 10). */
  maxRetries?: number | undefined
  /** The largest answer read, in bytes (default 64 MiB); more is a `ResponseTooLargeError`. */
  maxResponseBytes?: number | undefined
  /**
   * How long after an ambiguous transfer the server may still commit it, in milliseconds
   * (default 120000): `transferBalanceSafely` reads the ledger during it and never re-sends.
   */
  settleWindowMs?: number | undefined
}

const CONFIG_OPTIONS = ['baseUrl', 'timeoutMs', 'connectTimeoutMs', 'maxRetries', 'maxResponseBytes', 'settleWindowMs']

function configOptions(options: unknown): Native.ClientConfigOptions {
  const o = optionsOf('options', options, CONFIG_OPTIONS)
  const baseUrl = o.baseUrl ?? undefined
  if (baseUrl !== undefined) requireString('options.baseUrl', baseUrl)
  return {
    baseUrl,
    timeoutMs: optionalNumber('options.timeoutMs', o.timeoutMs),
    connectTimeoutMs: optionalNumber('options.connectTimeoutMs', o.connectTimeoutMs),
    maxRetries: optionalNumber('options.maxRetries', o.maxRetries),
    maxResponseBytes: optionalNumber('options.maxResponseBytes', o.maxResponseBytes),
    settleWindowMs: optionalNumber('options.settleWindowMs', o.settleWindowMs),
  } as Native.ClientConfigOptions
}

/**
 * Where requests go, how long they may take and how often safe requests are retried.
 * Immutable; omitted options keep the core defaults (production URL, 30 s per attempt,
 * 10 s to connect, 2 retries). Invalid options throw a `ValidationError` whose `field` is
 * the core's name for the option: `base_url`, `timeout`, `connect_timeout`, `max_retries`.
 */
export class ClientConfig {
  constructor(options?: ClientConfigOptions) {
    const converted = configOptions(options)
    setNative(this, call(() => new native.ClientConfig(converted)))
  }

  /** The defaults with `VOBIZ_BASE_URL` when set, then `options`. */
  static fromEnv(options?: ClientConfigOptions): ClientConfig {
    const converted = configOptions(options)
    return wrap(ClientConfig, call(() => native.ClientConfig.fromEnv(converted)))
  }

  /** The normalised base URL (e.g. `https://api.vobiz.ai/`). */
  get baseUrl(): string {
    return nativeOf<Native.ClientConfig>(this).baseUrl
  }
  /** Per-attempt timeout, in milliseconds. */
  get timeoutMs(): number {
    return nativeOf<Native.ClientConfig>(this).timeoutMs
  }
  /** Connect timeout, in milliseconds. */
  get connectTimeoutMs(): number {
    return nativeOf<Native.ClientConfig>(this).connectTimeoutMs
  }
  /** Retries after the first attempt, for safe requests. */
  get maxRetries(): number {
    return nativeOf<Native.ClientConfig>(this).maxRetries
  }
  /** The largest answer read, in bytes. */
  get maxResponseBytes(): number {
    return nativeOf<Native.ClientConfig>(this).maxResponseBytes
  }
  /** The safe transfer's settle window, in milliseconds. */
  get settleWindowMs(): number {
    return nativeOf<Native.ClientConfig>(this).settleWindowMs
  }
  /** `vobiz-partner/<version> (node)`. */
  get userAgent(): string {
    return nativeOf<Native.ClientConfig>(this).userAgent
  }

  toJSON(): {
    baseUrl: string
    timeoutMs: number
    connectTimeoutMs: number
    maxRetries: number
    maxResponseBytes: number
    settleWindowMs: number
    userAgent: string
  } {
    return {
      baseUrl: this.baseUrl,
      timeoutMs: this.timeoutMs,
      connectTimeoutMs: this.connectTimeoutMs,
      maxRetries: this.maxRetries,
      maxResponseBytes: this.maxResponseBytes,
      settleWindowMs: this.settleWindowMs,
      userAgent: this.userAgent,
    }
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    return inspectAs('ClientConfig', this.toJSON(), depth, options, inspect)
  }
}

/** What `JSON.stringify` shows of credentials: never the token. */
export interface RedactedCredentials {
  authId: string
  authToken: '<redacted>'
}

type NativeCredentials = Native.PartnerCredentials | Native.AccountCredentials

/**
 * The shared part of the credential classes (not exported by the package): the token goes
 * into the addon and nothing can read it back.
 */
export abstract class ScopedCredentials {
  protected constructor(nativeClass: new (authId: string, authToken: string) => object, authId: string, authToken: string) {
    requireString('authId', authId)
    requireString('authToken', authToken)
    setNative(this, call(() => new nativeClass(authId, authToken)))
  }

  /** The auth id (sent as `X-Auth-ID`). */
  get authId(): string {
    return nativeOf<NativeCredentials>(this).authId
  }

  toJSON(): RedactedCredentials {
    return { authId: this.authId, authToken: REDACTED }
  }

  toString(): string {
    return `${this.constructor.name}(${this.authId}, ${REDACTED})`
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    return inspectAs(this.constructor.name, this.toJSON(), depth, options, inspect)
  }
}

/**
 * Partner credentials (`PA_…`): the key for every `/api/v1/partner/*` route. The token is
 * kept inside the native addon; `util.inspect`, `JSON.stringify` and `String()` show
 * `<redacted>`.
 */
export class PartnerCredentials extends ScopedCredentials {
  /** Nominal typing: the two scopes are not interchangeable. */
  declare private readonly scope: 'partner'

  /** Throws a `ValidationError` (field `auth_id`) for any id that is not `PA_…`. */
  constructor(authId: string, authToken: string) {
    super(native.PartnerCredentials, authId, authToken)
  }

  /**
   * Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `PA_…` (`ValidationError`
   * with field `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN` otherwise).
   */
  static fromEnv(): PartnerCredentials {
    return wrap(PartnerCredentials, call(() => native.PartnerCredentials.fromEnv()))
  }
}

/**
 * An account's own credentials (`MA_…` or `SA_…`): the key for that account's runtime
 * routes. The token never shows, as with `PartnerCredentials`.
 */
export class AccountCredentials extends ScopedCredentials {
  /** Nominal typing: the two scopes are not interchangeable. */
  declare private readonly scope: 'account'

  /** Throws a `ValidationError` (field `auth_id`) for any id that is not `MA_…` or `SA_…`. */
  constructor(authId: string, authToken: string) {
    super(native.AccountCredentials, authId, authToken)
  }

  /** Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `MA_…` or `SA_…`. */
  static fromEnv(): AccountCredentials {
    return wrap(AccountCredentials, call(() => native.AccountCredentials.fromEnv()))
  }

  /** Whether this is a main account (`MA_…`), the only kind that may administer sub-accounts. */
  get isMainAccount(): boolean {
    return nativeOf<Native.AccountCredentials>(this).isMainAccount
  }
}

/** Either credential scope. */
export type Credentials = PartnerCredentials | AccountCredentials

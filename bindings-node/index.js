'use strict'
// The public JS layer of vobiz-partner.
//
// A thin wrapper over the Rust addon (found by loader.js: the platform package, or a build in
// a clone; it throws one clear Error when there is none for this platform): it converts
// arguments, turns the addon's errors into typed subclasses (napi cannot throw subclasses of
// Error), and makes sure no credential object can print its token. Behaviour — validation,
// retries, redaction, path encoding, error classification — lives in the Rust core.

const util = require('node:util')
const native = require('./loader.js')

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

const REDACTED = '<redacted>'

// The classes are generated from the core's error catalogue (errors.js, by
// tools/gen_errors.py); this layer only turns the addon's errors into them.
const errors = require('./errors.js')
const {
  VobizError,
  ValidationError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  CoolOffError,
  UnprocessableError,
  RateLimitError,
  InsufficientBalanceError,
  ServerError,
  OutcomeUnknownError,
  TimeoutError,
  TransportError,
  DecodeError,
  WebhookError,
  RedirectError,
  ResponseTooLargeError,
  InternalError,
} = errors

/** The addon's error as a typed one; anything else unchanged. */
function convertError(error) {
  const report = error !== null && typeof error === 'object' ? error.vobiz : undefined
  if (report !== null && typeof report === 'object' && typeof report.code === 'string') {
    const typed = errors.fromReport(report)
    // Start the stack at the public call, not in this conversion.
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(typed, convertError)
    return typed
  }
  return error
}

function call(fn) {
  try {
    return fn()
  } catch (error) {
    throw convertError(error)
  }
}

// ---------------------------------------------------------------------------------------
// Argument conversion (types only: the core checks the values). Messages never echo the
// value, which may be a secret.
// ---------------------------------------------------------------------------------------

function requireString(name, value) {
  if (typeof value !== 'string') {
    throw new TypeError(`${name} must be a string, got ${value === null ? 'null' : typeof value}`)
  }
  return value
}

function optionalNumber(name, value) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeof value}`)
  }
  return value
}

/** Whether `value` is an object whose own keys are its content (not an array, Date, Map…). */
function isOptionsObject(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Map) &&
    !(value instanceof Set)
  )
}

function requireOptions(name, value) {
  if (value === undefined || value === null) return {}
  if (!isOptionsObject(value)) throw new TypeError(`${name} must be an object`)
  return value
}

/**
 * Refuses every own key of `object` that is not in `known`: a typo'd option (`timout`) would
 * otherwise be ignored without a word. The message names the key, never its value.
 */
function knownKeys(name, object, known) {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new TypeError(`${name}.${key} is not an option here (known: ${known.join(', ')})`)
    }
  }
  return object
}

/** `requireOptions`, then `knownKeys`. */
function optionsOf(name, value, known) {
  return knownKeys(name, requireOptions(name, value), known)
}

/**
 * A count of items or pages (`pageSize`, `maxItems`, `prefetch`, `limit`): absent, or a whole
 * number, 0 or more. NaN, ±Infinity, negative and fractional values throw a `RangeError`
 * naming the field (they would otherwise fall back to a default or be truncated).
 */
function countOption(name, value) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`)
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number, 0 or more, got ${value}`)
  }
  return value
}

const CONFIG_OPTIONS = ['baseUrl', 'timeoutMs', 'connectTimeoutMs', 'maxRetries', 'maxResponseBytes', 'settleWindowMs']

function configOptions(options) {
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
  }
}

function queryText(key, value) {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value)
    default:
      throw new TypeError(`query parameter ${JSON.stringify(key)} must be a string, number, boolean or bigint`)
  }
}

/**
 * `{ a: 1, b: [2, 3], c: undefined }`, a URLSearchParams, a Map or `[[key, value], …]` →
 * `[['a', '1'], ['b', '2'], ['b', '3']]`. `null` / `undefined` values are left out.
 */
function queryPairs(query) {
  if (query === undefined || query === null) return undefined
  if (typeof query !== 'object') {
    throw new TypeError('options.query must be an object or an iterable of [key, value] pairs')
  }
  const pairs = []
  const add = (key, value) => {
    if (value === undefined || value === null) return
    pairs.push([key, queryText(key, value)])
  }
  if (typeof query[Symbol.iterator] === 'function') {
    for (const pair of query) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
        throw new TypeError('options.query pairs must be [key, value] with a string key')
      }
      add(pair[0], pair[1])
    }
    return pairs
  }
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) add(key, item)
  }
  return pairs
}

/** The JSON body as text, as `fetch` users expect (`toJSON`, `Date` → ISO string). */
function jsonText(json) {
  if (json === undefined) return undefined
  let text
  try {
    text = JSON.stringify(json)
  } catch (error) {
    const reason = `cannot be encoded as JSON: ${error instanceof Error ? error.message : String(error)}`
    throw new ValidationError(`invalid body: ${reason}`, { field: 'body', reason })
  }
  if (text === undefined) {
    const reason = `cannot be encoded as JSON: a ${typeof json} has no JSON form`
    throw new ValidationError(`invalid body: ${reason}`, { field: 'body', reason })
  }
  return text
}

// ---------------------------------------------------------------------------------------
// Classes
// ---------------------------------------------------------------------------------------

// Each public object's addon object, kept off the instance so nothing can print it.
const NATIVE = new WeakMap()

function nativeOf(object) {
  return NATIVE.get(object)
}

function wrap(cls, nativeObject) {
  const object = Object.create(cls.prototype)
  NATIVE.set(object, nativeObject)
  return object
}

function inspectAs(name, fields, depth, options, inspect) {
  if (depth < 0) return options.stylize(`[${name}]`, 'special')
  return `${name} ${inspect(fields, { ...options, depth: options.depth === null ? null : options.depth - 1 })}`
}

/**
 * Where requests go, how long they may take and how often safe ones are retried.
 * Immutable; omitted options keep the core defaults (production URL, 30 s per attempt,
 * 10 s to connect, 2 retries).
 */
class ClientConfig {
  constructor(options) {
    const converted = configOptions(options)
    NATIVE.set(this, call(() => new native.ClientConfig(converted)))
  }

  /** The defaults with `VOBIZ_BASE_URL` when set, then `options`. */
  static fromEnv(options) {
    const converted = configOptions(options)
    return wrap(ClientConfig, call(() => native.ClientConfig.fromEnv(converted)))
  }

  get baseUrl() {
    return nativeOf(this).baseUrl
  }
  get timeoutMs() {
    return nativeOf(this).timeoutMs
  }
  get connectTimeoutMs() {
    return nativeOf(this).connectTimeoutMs
  }
  get maxRetries() {
    return nativeOf(this).maxRetries
  }
  get maxResponseBytes() {
    return nativeOf(this).maxResponseBytes
  }
  get settleWindowMs() {
    return nativeOf(this).settleWindowMs
  }
  get userAgent() {
    return nativeOf(this).userAgent
  }

  toJSON() {
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

  [util.inspect.custom](depth, options, inspect) {
    return inspectAs('ClientConfig', this.toJSON(), depth, options, inspect)
  }
}

// The shared part of the credential classes (not exported): the token goes into the addon
// and nothing can read it back.
class ScopedCredentials {
  constructor(nativeClass, authId, authToken) {
    requireString('authId', authId)
    requireString('authToken', authToken)
    NATIVE.set(this, call(() => new nativeClass(authId, authToken)))
  }

  /** The auth id (sent as `X-Auth-ID`). */
  get authId() {
    return nativeOf(this).authId
  }

  toJSON() {
    return { authId: this.authId, authToken: REDACTED }
  }

  toString() {
    return `${this.constructor.name}(${this.authId}, ${REDACTED})`
  }

  [util.inspect.custom](depth, options, inspect) {
    return inspectAs(this.constructor.name, this.toJSON(), depth, options, inspect)
  }
}

/** Partner credentials (`PA_…`): the key for every `/api/v1/partner/*` route. */
class PartnerCredentials extends ScopedCredentials {
  /** Refuses any id that is not `PA_…` (`ValidationError`, field `auth_id`). */
  constructor(authId, authToken) {
    super(native.PartnerCredentials, authId, authToken)
  }

  /** Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `PA_…`. */
  static fromEnv() {
    return wrap(PartnerCredentials, call(() => native.PartnerCredentials.fromEnv()))
  }
}

/** An account's own credentials (`MA_…` or `SA_…`). */
class AccountCredentials extends ScopedCredentials {
  /** Refuses any id that is not `MA_…` or `SA_…` (`ValidationError`, field `auth_id`). */
  constructor(authId, authToken) {
    super(native.AccountCredentials, authId, authToken)
  }

  /** Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `MA_…` or `SA_…`. */
  static fromEnv() {
    return wrap(AccountCredentials, call(() => native.AccountCredentials.fromEnv()))
  }

  /** Whether this is a main account (`MA_…`), the only kind that may administer sub-accounts. */
  get isMainAccount() {
    return nativeOf(this).isMainAccount
  }
}

/** A successful (2xx) answer of `Transport.request`. */
class Response {
  constructor() {
    throw new TypeError('Response objects are made by Transport.request')
  }

  get status() {
    return nativeOf(this).status
  }
  get requestId() {
    return nativeOf(this).requestId ?? null
  }
  /** Lower-cased names; repeated headers joined with `', '`. */
  get headers() {
    return nativeOf(this).headers
  }
  /** The body as text. */
  get text() {
    return nativeOf(this).text
  }
  /** The raw body. */
  get body() {
    return nativeOf(this).body
  }
  /** The body parsed as JSON (`null` when empty); a non-JSON body throws a `DecodeError`. */
  json() {
    const answer = nativeOf(this)
    return JSON.parse(call(() => answer.jsonText()))
  }

  [util.inspect.custom](depth, options, inspect) {
    // The body is left out: it can hold personal data.
    return inspectAs('Response', { status: this.status, requestId: this.requestId }, depth, options, inspect)
  }
}

/**
 * The low-level HTTP engine: any route, for what the typed API does not cover. It applies
 * every core rule (path encoding, retries of safe methods only, redirect and redaction
 * rules, typed errors).
 */
class Transport {
  constructor(config) {
    const cfg = config instanceof ClientConfig ? config : new ClientConfig(config)
    const nativeConfig = nativeOf(cfg)
    NATIVE.set(this, call(() => new native.Transport(nativeConfig)))
    CONFIG.set(this, cfg)
  }

  /** The configuration in force. */
  get config() {
    return CONFIG.get(this)
  }

  /**
   * Sends `method path` (an absolute `/api/v1/…` path, its segments re-encoded; a query
   * string in it is kept) with `credentials`. Resolves with the 2xx `Response`; rejects with
   * a `VobizError` subclass.
   */
  async request(credentials, method, path, options) {
    if (!(credentials instanceof ScopedCredentials)) {
      throw new TypeError('credentials must be a PartnerCredentials or an AccountCredentials')
    }
    requireString('method', method)
    requireString('path', path)
    const o = optionsOf('options', options, ['query', 'json', 'timeoutMs', 'connectTimeoutMs', 'maxRetries'])
    const init = {
      query: queryPairs(o.query),
      jsonText: jsonText(o.json),
      timeoutMs: optionalNumber('options.timeoutMs', o.timeoutMs),
      connectTimeoutMs: optionalNumber('options.connectTimeoutMs', o.connectTimeoutMs),
      maxRetries: optionalNumber('options.maxRetries', o.maxRetries),
    }
    const transport = nativeOf(this)
    let answer
    try {
      answer = await transport.request(nativeOf(credentials), method, path, init)
    } catch (error) {
      throw convertError(error)
    }
    return wrap(Response, answer)
  }

  [util.inspect.custom](depth, options, inspect) {
    return inspectAs('Transport', { config: this.config }, depth, options, inspect)
  }
}

const CONFIG = new WeakMap()

/** The package version (that of the Rust core it embeds). */
const VERSION = native.version()

module.exports = {
  VERSION,
  ClientConfig,
  PartnerCredentials,
  AccountCredentials,
  Transport,
  Response,
  VobizError,
  ValidationError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  CoolOffError,
  UnprocessableError,
  RateLimitError,
  InsufficientBalanceError,
  ServerError,
  OutcomeUnknownError,
  TimeoutError,
  TransportError,
  DecodeError,
  WebhookError,
  RedirectError,
  ResponseTooLargeError,
  InternalError,
}

// Clients (client.js): Partner, Account, SubAccount, their auto-paging lists and Secret.
const clients = require('./client.js').install({
  native,
  call,
  convertError,
  nativeOf,
  ClientConfig,
  PartnerCredentials,
  AccountCredentials,
  ValidationError,
  isOptionsObject,
  optionsOf,
  countOption,
})
module.exports.Partner = clients.Partner
module.exports.Account = clients.Account
module.exports.SubAccount = clients.SubAccount
module.exports.AutoPager = clients.AutoPager
module.exports.Secret = clients.Secret
module.exports.FileStateStore = clients.FileStateStore

// ---------------------------------------------------------------------------------------
// KYC webhooks: verifyWebhook(rawBody, headers, secret, { maxAgeMs }) → KycEvent
// ---------------------------------------------------------------------------------------

function headerText(value) {
  return Buffer.isBuffer(value) ? value.toString('latin1') : String(value)
}

/**
 * The request headers as `{ name, value }` pairs, from any common shape: Node's
 * `IncomingMessage.headers` (values may be arrays or undefined), a fetch `Headers`, a `Map`,
 * or `[name, value]` pairs. Matching the signature header is the core's.
 */
function headerPairs(headers) {
  if (headers === null || typeof headers !== 'object') {
    throw new TypeError('headers must be an object, a Headers, a Map or [name, value] pairs')
  }
  const entries = typeof headers[Symbol.iterator] === 'function' ? headers : Object.entries(headers)
  const pairs = []
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new TypeError('header pairs must be [name, value]')
    }
    const [name, value] = entry
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue
      pairs.push({ name: headerText(name), value: headerText(item) })
    }
  }
  return pairs
}

/** The raw body as a Buffer (a string is taken as its UTF-8 bytes). */
function rawBody(body) {
  if (Buffer.isBuffer(body)) return body
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (body instanceof ArrayBuffer) return Buffer.from(body)
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  throw new TypeError('body must be the raw request body (a Buffer, Uint8Array or string)')
}

/**
 * Verifies a KYC webhook delivery and returns its event (a `KycEvent`).
 *
 * - `body`: the raw request body, byte for byte (e.g. `express.raw({ type: 'application/json' })`),
 *   never a re-serialised object.
 * - `headers`: the request headers (`req.headers`, a fetch `Headers`, …); the header name is
 *   matched case-insensitively.
 * - `secret`: the auth token the sender signed with (the parent account's for sub-account
 *   sessions, the partner's for partner sessions), a string or a `Secret`.
 * - `options.maxAgeMs`: refuse events older than this, judged by the event's own
 *   `timestamp` (else `updatedAt`); events without a time or dated more than 5 minutes
 *   ahead are then refused too. `options.now` (a `Date`) replaces the clock, for tests.
 *
 * Throws a `WebhookError` when refused (its message never holds the key), a
 * `ValidationError` for an empty secret or a negative `maxAgeMs`.
 */
function verifyWebhook(body, headers, secret, options) {
  const raw = rawBody(body)
  const pairs = headerPairs(headers)
  const key = secret instanceof clients.Secret ? secret.reveal() : requireString('secret', secret)
  const o = optionsOf('options', options, ['maxAgeMs', 'now'])
  if (o.now !== undefined && o.now !== null && !(o.now instanceof Date)) {
    throw new TypeError('options.now must be a Date')
  }
  const init = {
    maxAgeMs: optionalNumber('options.maxAgeMs', o.maxAgeMs),
    nowMs: o.now instanceof Date ? o.now.getTime() : undefined,
  }
  return call(() => native.verifyWebhook(raw, pairs, key, init))
}

module.exports.verifyWebhook = verifyWebhook

// =======================================================================================
// Sandbox: the embedded emulator of the Vobiz API (crate vobiz-sandbox), in this process.
// Kept in its own section, after the exports above, so the two evolve independently.
// =======================================================================================

const { fileURLToPath } = require('node:url')

/** Which sandbox each public object wraps, and its pending stop. */
const SANDBOX_STOP = new WeakMap()

function optionalString(name, value) {
  if (value === undefined || value === null) return undefined
  return requireString(name, value)
}

function optionalBoolean(name, value) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${typeof value}`)
  return value
}

function requireNumber(name, value) {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`)
  return value
}

function optionalPath(name, value) {
  if (value === undefined || value === null) return undefined
  if (value instanceof URL) return fileURLToPath(value)
  return requireString(name, value)
}

function kycOptions(options, known = ['kycType', 'reason']) {
  const o = optionsOf('options', options, known)
  return {
    kycType: optionalString('options.kycType', o.kycType),
    reason: optionalString('options.reason', o.reason),
  }
}

/**
 * A running sandbox: a local, stateful emulator of the Vobiz API on `127.0.0.1`, in this
 * process. Made by `Sandbox.start()`; `stop()` ends it (`await using` works too).
 *
 * Control methods throw an `Error` whose `code` is `SANDBOX_NOT_FOUND`, `SANDBOX_CONFLICT`
 * or `SANDBOX_INVALID_REQUEST` (and `status` the HTTP status the control route would
 * answer) when the world cannot do what is asked, and `SANDBOX_STOPPED` once stopped.
 * `util.inspect` and `JSON.stringify` show the URL and seed only.
 */
class Sandbox {
  constructor() {
    throw new TypeError('Sandbox objects are made by Sandbox.start()')
  }

  /** Starts a sandbox on `127.0.0.1:port` (default: a free port); resolves once it listens. */
  static async start(options) {
    const o = optionsOf('options', options, ['port', 'seed', 'stateFile'])
    const init = {
      port: optionalNumber('options.port', o.port),
      seed: optionalNumber('options.seed', o.seed),
      stateFile: optionalPath('options.stateFile', o.stateFile),
    }
    let started
    try {
      started = await native.Sandbox.start(init)
    } catch (error) {
      throw convertError(error)
    }
    return wrap(Sandbox, started)
  }

  /** `http://127.0.0.1:<port>`: the base URL to give a client. */
  get url() {
    return nativeOf(this).url
  }
  /** The seed of the current world. */
  get seed() {
    return nativeOf(this).seed
  }
  /** Whether it still serves (`stop()` not called yet). */
  get running() {
    return nativeOf(this).running
  }
  /** The seeded partner's credentials (`PA_…`). */
  get partnerCredentials() {
    const sandbox = nativeOf(this)
    return wrap(PartnerCredentials, call(() => sandbox.partnerCredentials))
  }
  /** The seeded parent main account's own credentials (`MA_…`). */
  get parentCredentials() {
    const sandbox = nativeOf(this)
    return wrap(AccountCredentials, call(() => sandbox.parentCredentials))
  }
  /** The seeded partner's console email, for `POST /api/v1/partner/login`. */
  get partnerEmail() {
    return nativeOf(this).partnerEmail
  }
  /** The seeded partner's console password, for `POST /api/v1/partner/login`. */
  get partnerPassword() {
    return nativeOf(this).partnerPassword
  }
  /** What was seeded, without secrets (balances are exact decimal strings). */
  get seeded() {
    return nativeOf(this).seeded
  }

  /** The sandbox's current time. */
  now() {
    const sandbox = nativeOf(this)
    return new Date(call(() => sandbox.nowMs()))
  }

  /** Moves the clock by `seconds` (negative moves it back); returns the new time. */
  advanceClock(seconds) {
    requireNumber('seconds', seconds)
    const sandbox = nativeOf(this)
    return new Date(call(() => sandbox.advanceClock(seconds)))
  }

  /** Sets the clock to `at`; returns the new time. */
  setClock(at) {
    if (!(at instanceof Date)) throw new TypeError('at must be a Date')
    const sandbox = nativeOf(this)
    return new Date(call(() => sandbox.setClockMs(at.getTime())))
  }

  /**
   * Moves a hosted KYC session one step (`'open'`, `'submit'`, `'complete'`, `'fail'`) as
   * its customer would, sending the webhooks; returns the session.
   */
  kycSessionStep(sessionId, step, options) {
    requireString('sessionId', sessionId)
    requireString('step', step)
    const { kycType, reason } = kycOptions(options)
    const sandbox = nativeOf(this)
    return call(() => sandbox.kycSessionStep(sessionId, step, kycType, reason))
  }
  /** The customer opened the widget (`opened`). */
  openKycSession(sessionId) {
    return this.kycSessionStep(sessionId, 'open')
  }
  /** The customer submitted the PAN (`in_progress`). */
  submitKycSession(sessionId, options) {
    return this.kycSessionStep(sessionId, 'submit', { kycType: kycOptions(options, ['kycType']).kycType })
  }
  /** Every document verified (`kyc_completed`; webhook `kyc.completed`). */
  completeKycSession(sessionId, options) {
    return this.kycSessionStep(sessionId, 'complete', { kycType: kycOptions(options, ['kycType']).kycType })
  }
  /** A document failed (`kyc_failed`; webhook `kyc.failed`). */
  failKycSession(sessionId, reason) {
    return this.kycSessionStep(sessionId, 'fail', { reason: optionalString('reason', reason) })
  }

  /** Verifies the documents the sub-account's business type needs; returns its KYC status. */
  completeSubAccountKyc(subAuthId) {
    requireString('subAuthId', subAuthId)
    const sandbox = nativeOf(this)
    return call(() => sandbox.subAccountKyc(subAuthId, true))
  }
  /** Fails the documents the sub-account's business type needs; returns its KYC status. */
  failSubAccountKyc(subAuthId) {
    requireString('subAuthId', subAuthId)
    const sandbox = nativeOf(this)
    return call(() => sandbox.subAccountKyc(subAuthId, false))
  }

  /**
   * A call on an owned DID (defaults: inbound, answered, 60 s); its CDR, charge and the
   * DID's last call time appear once the clock passes its end.
   */
  simulateCall(callInit) {
    const o = optionsOf('call', callInit, ['e164', 'direction', 'answered', 'durationSeconds', 'peer'])
    const init = {
      e164: requireString('call.e164', o.e164),
      direction: optionalString('call.direction', o.direction),
      answered: optionalBoolean('call.answered', o.answered),
      durationSeconds: optionalNumber('call.durationSeconds', o.durationSeconds),
      peer: optionalString('call.peer', o.peer),
    }
    const sandbox = nativeOf(this)
    return call(() => sandbox.simulateCall(init))
  }

  /**
   * Sets what the API manages outside the emulator's routes on number `e164`: its
   * application routing (`applicationId`, or `unroute: true`), the Aadhaar flags and the
   * billing dates (`Date`s). For building a world with known answers; returns the number.
   */
  setNumber(e164, patch = {}) {
    const o = optionsOf('patch', patch, [
      'applicationId',
      'unroute',
      'aadhaarVerificationRequired',
      'aadhaarVerified',
      'lastBillingDate',
      'nextBillingDate',
    ])
    const ms = (field, value) => {
      if (value === undefined || value === null) return undefined
      if (!(value instanceof Date)) throw new TypeError(`${field} must be a Date`)
      return value.getTime()
    }
    const init = {
      applicationId: optionalString('patch.applicationId', o.applicationId),
      unroute: optionalBoolean('patch.unroute', o.unroute),
      aadhaarVerificationRequired: optionalBoolean('patch.aadhaarVerificationRequired', o.aadhaarVerificationRequired),
      aadhaarVerified: optionalBoolean('patch.aadhaarVerified', o.aadhaarVerified),
      lastBillingDateMs: ms('patch.lastBillingDate', o.lastBillingDate),
      nextBillingDateMs: ms('patch.nextBillingDate', o.nextBillingDate),
    }
    const sandbox = nativeOf(this)
    const number = requireString('e164', e164)
    return call(() => sandbox.setNumber(number, init))
  }

  /**
   * Injects a fault into requests matching `path` (`*` spans any characters) and `method`
   * (any when absent); returns its id. Exactly one kind: `status` (with `body`,
   * `retryAfter`), `delayMs`, `resetBefore`, `resetAfter`, `lateCommitMs` (the connection
   * drops at once and the change commits that many ms later), `malformed`, `truncated`.
   */
  addFault(fault) {
    const o = optionsOf('fault', fault, [
      'path',
      'method',
      'status',
      'body',
      'retryAfter',
      'delayMs',
      'resetBefore',
      'resetAfter',
      'lateCommitMs',
      'malformed',
      'truncated',
      'count',
      'probability',
    ])
    const init = {
      path: requireString('fault.path', o.path),
      method: optionalString('fault.method', o.method),
      status: optionalNumber('fault.status', o.status),
      bodyJson: jsonText(o.body),
      retryAfter: optionalNumber('fault.retryAfter', o.retryAfter),
      delayMs: optionalNumber('fault.delayMs', o.delayMs),
      resetBefore: optionalBoolean('fault.resetBefore', o.resetBefore),
      resetAfter: optionalBoolean('fault.resetAfter', o.resetAfter),
      lateCommitMs: optionalNumber('fault.lateCommitMs', o.lateCommitMs),
      malformed: optionalBoolean('fault.malformed', o.malformed),
      truncated: optionalBoolean('fault.truncated', o.truncated),
      count: optionalNumber('fault.count', o.count),
      probability: optionalNumber('fault.probability', o.probability),
    }
    const sandbox = nativeOf(this)
    return call(() => sandbox.addFault(init))
  }

  /** Removes every injected fault. */
  clearFaults() {
    const sandbox = nativeOf(this)
    call(() => sandbox.clearFaults())
  }

  /** A freshly seeded world (`seed`, or the current one); clears the faults. */
  reset(seed) {
    const s = optionalNumber('seed', seed)
    const sandbox = nativeOf(this)
    call(() => sandbox.reset(s))
  }

  /** Stops serving, waits for requests in flight, saves the state file. Idempotent. */
  stop() {
    let stopping = SANDBOX_STOP.get(this)
    if (stopping === undefined) {
      stopping = nativeOf(this).stop()
      SANDBOX_STOP.set(this, stopping)
    }
    return stopping
  }

  toJSON() {
    return { url: this.url, seed: this.seed }
  }

  [util.inspect.custom](depth, options, inspect) {
    return inspectAs('Sandbox', this.toJSON(), depth, options, inspect)
  }
}

if (typeof Symbol.asyncDispose === 'symbol') {
  Object.defineProperty(Sandbox.prototype, Symbol.asyncDispose, {
    value: function asyncDispose() {
      return this.stop()
    },
    writable: true,
    configurable: true,
  })
}

module.exports.Sandbox = Sandbox

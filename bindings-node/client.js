'use strict'
// The clients of vobiz-partner: Partner, Account and SubAccount (a main account's handle on
// one of its sub-accounts), their auto-paging lists (AutoPager) and the Secret type.
//
// Each method is "convert the arguments, make one core call, convert the result": the
// native client (src/client.rs) runs a named operation of the Rust core, which checks the
// arguments (a typo'd option, a wrong type, a missing field is a ValidationError naming the
// field, and nothing is sent), sends, retries what is safe to retry, and returns the result
// with camelCase keys. Nothing here re-implements any of that.
//
// index.js loads this file and hands it its internals (install()); it re-exports the
// classes.

const util = require('node:util')

const REDACTED = '<redacted>'
const SECRET_MARKER = '$vobizSecret'

/** index.js internals (native addon, error conversion, configuration and credentials). */
let core = null

// ---------------------------------------------------------------------------------------
// Secret
// ---------------------------------------------------------------------------------------

/**
 * A secret of a result (a token, a password, a link carrying a session token). Only
 * `reveal()` returns it: `String()`, template literals, `JSON.stringify` and
 * `util.inspect` show `<redacted>`.
 */
class Secret {
  #value

  constructor(value) {
    if (typeof value !== 'string') throw new TypeError('a Secret holds a string')
    this.#value = value
  }

  /** The secret itself. Store it deliberately, never in a log. */
  reveal() {
    return this.#value
  }

  toString() {
    return REDACTED
  }

  toJSON() {
    return REDACTED
  }

  [Symbol.toPrimitive]() {
    return REDACTED
  }

  [util.inspect.custom](depth, options) {
    return options.stylize(REDACTED, 'special')
  }
}

/** The native result with each `{"$vobizSecret": …}` marker turned into a `Secret`. */
function revive(value) {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i])
    return value
  }
  const keys = Object.keys(value)
  if (keys.length === 1 && keys[0] === SECRET_MARKER && typeof value[SECRET_MARKER] === 'string') {
    return new Secret(value[SECRET_MARKER])
  }
  for (const key of keys) value[key] = revive(value[key])
  return value
}

// ---------------------------------------------------------------------------------------
// Argument conversion
//
// Two kinds of input, refused differently:
// - An operation's arguments (what goes to the core: the request, filters and per-call
//   options objects, ids, amounts): the core checks them — a wrong type, a typo'd key, a
//   missing field is a ValidationError naming the field, and nothing is sent. This layer only
//   makes sure every value reaches it as given (`argsText`): a value JSON cannot carry (NaN,
//   Infinity, a bigint, a function, a Map, an invalid Date) would otherwise be dropped or
//   turned into `null` (and the core would apply a default), so it is a ValidationError here.
// - This layer's own options (paging, `toArray`, the client constructor, the onboarding
//   driver, the options objects whose keys it picks itself): a wrong type or an unknown key
//   is a TypeError naming it, a count out of range a RangeError.
// ---------------------------------------------------------------------------------------

/**
 * This layer's own options object (`{}` when absent): a TypeError for anything else, and for
 * every key not in `known`.
 */
function optionsOf(name, value, known) {
  return core.optionsOf(name, value, known)
}

function invalid(field, reason) {
  return new core.ValidationError(`invalid ${field}: ${reason}`, { field, reason })
}

/** An operation's arguments object (`{}` when absent); a ValidationError for anything else. */
function argsObject(name, value) {
  if (value === undefined || value === null) return {}
  if (!core.isOptionsObject(value)) throw invalid(name, 'must be an object')
  return value
}

/** `perPage` → `per_page`: the core's name for an argument, as its errors say it. */
function snakeCase(key) {
  return /^[a-z][A-Za-z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key
}

function fieldPath(path, key) {
  const name = typeof key === 'number' ? `[${key}]` : snakeCase(key)
  return path === '' ? name : `${path}.${name}`
}

/**
 * `value` as it will be sent, with every value JSON cannot carry refused by field (the
 * message names the field and the kind of value, never a string value): `undefined` fields
 * are dropped (an `undefined` array item is refused), a `Secret` gives its value (it is
 * going to the core, which sends it), a `Date` its ISO text, anything with `toJSON` what
 * that returns.
 */
function prepare(value, path, key, seen) {
  if (value instanceof Secret) return value.reveal()
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(path, 'is an invalid Date')
    return value.toISOString()
  }
  if (value !== null && typeof value === 'object' && typeof value.toJSON === 'function') {
    try {
      value = value.toJSON(String(key))
    } catch (error) {
      throw invalid(path, `its toJSON() failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, `must be a finite number, got ${value}`)
      return value
    case 'bigint':
      throw invalid(path, 'a bigint cannot be sent: pass a number or a decimal string')
    case 'undefined':
    case 'function':
    case 'symbol':
      throw invalid(path, `a ${typeof value} cannot be sent`)
    default:
      break
  }
  if (value === null) return null
  if (value instanceof Map || value instanceof Set) {
    throw invalid(path, `a ${value instanceof Map ? 'Map' : 'Set'} cannot be sent: use a plain ${value instanceof Map ? 'object' : 'array'}`)
  }
  if (seen.has(value)) throw invalid(path, 'is circular')
  seen.add(value)
  let prepared
  if (Array.isArray(value)) {
    prepared = value.map((item, index) => prepare(item, fieldPath(path, index), index, seen))
  } else {
    prepared = {}
    for (const [k, item] of Object.entries(value)) {
      if (item === undefined) continue
      prepared[k] = prepare(item, fieldPath(path, k), k, seen)
    }
  }
  seen.delete(value)
  return prepared
}

/** `2026-01-05` for a `Date`: its UTC calendar day (`toISOString().slice(0, 10)`). */
function dayText(date) {
  if (Number.isNaN(date.getTime())) return 'Invalid Date'
  return date.toISOString().slice(0, 10)
}

/**
 * The operation's arguments as JSON text (`prepare`), a top-level `Date` (every date
 * argument of the API is a day) as `YYYY-MM-DD`. Nothing is sent when it throws.
 */
function argsText(args) {
  const prepared = {}
  const seen = new Set([args])
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw invalid(snakeCase(key), 'is an invalid Date')
      prepared[key] = dayText(value)
    } else {
      prepared[key] = prepare(value, snakeCase(key), key, seen)
    }
  }
  return JSON.stringify(prepared)
}

/**
 * Filters or options and the positional arguments. An options key that is also a positional
 * argument (`purchase(e164, { e164 })`) is refused rather than silently overridden.
 */
function merge(name, options, fixed) {
  const o = argsObject(name, options)
  const clash = Object.keys(fixed).find((key) => Object.hasOwn(o, key))
  if (clash !== undefined) {
    throw new TypeError(`${name}.${clash} cannot be given: it is an argument of its own`)
  }
  return { ...o, ...fixed }
}

const PAGING_OPTIONS = ['pageSize', 'maxItems', 'prefetch']

function pagingOptions(paging) {
  const o = optionsOf('paging', paging, PAGING_OPTIONS)
  return {
    pageSize: core.countOption('paging.pageSize', o.pageSize),
    maxItems: core.countOption('paging.maxItems', o.maxItems),
    prefetch: core.countOption('paging.prefetch', o.prefetch),
  }
}

// ---------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------

/** Each public client's native client, kept off the instance so nothing prints it. */
const HANDLE = new WeakMap()

/** Runs `op`; resolves with its result. */
async function run(handle, op, args) {
  const text = argsText(args)
  let result
  try {
    result = await handle.call(op, text)
  } catch (error) {
    throw core.convertError(error)
  }
  return revive(result)
}

/** Runs an operation that returns nothing; resolves with `undefined`. */
async function runVoid(handle, op, args) {
  await run(handle, op, args)
}

const PAGER_TOKEN = Symbol('AutoPager')

/** Opens the list `op`; its arguments are checked now, nothing is fetched until read. */
function pager(handle, op, args, paging) {
  const text = argsText(args)
  const options = pagingOptions(paging)
  const pages = core.call(() => handle.list(op, text, options))
  return new AutoPager(PAGER_TOKEN, pages)
}

/**
 * An auto-paging list: `for await (const item of list)` reads every item, fetching pages
 * lazily (a batch at a time: the rest of a fetched page); `toArray({ limit })` collects
 * them. The `maxItems` paging option caps the whole list (enforced by the core). An error
 * ends the list after the items that preceded it. One pass: iterate it once.
 */
class AutoPager {
  #pages
  #buffer = []
  #index = 0
  #done = false
  #closed = false
  #fetching = null

  constructor(token, pages) {
    if (token !== PAGER_TOKEN) throw new TypeError('AutoPager objects are made by the list methods')
    this.#pages = pages
  }

  async #fetch() {
    let batch
    try {
      batch = await this.#pages.nextBatch()
    } catch (error) {
      this.#done = true
      throw core.convertError(error)
    }
    if (this.#closed) return
    if (batch === null || batch === undefined) {
      this.#done = true
      return
    }
    this.#buffer = revive(batch)
    this.#index = 0
  }

  /** The next item (`{ done: true }` at the end). */
  async next() {
    while (this.#index >= this.#buffer.length) {
      if (this.#done || this.#closed) return { done: true, value: undefined }
      if (this.#fetching === null) {
        this.#fetching = this.#fetch().finally(() => {
          this.#fetching = null
        })
      }
      await this.#fetching
    }
    const value = this.#buffer[this.#index]
    this.#buffer[this.#index] = undefined
    this.#index += 1
    return { done: false, value }
  }

  /** Stops the list (a `break` out of `for await` calls it); nothing more is fetched. */
  async return(value) {
    this.#closed = true
    this.#buffer = []
    this.#index = 0
    return { done: true, value }
  }

  [Symbol.asyncIterator]() {
    return this
  }

  /**
   * The remaining items, at most `limit` of them (no further page is fetched once `limit`
   * are in hand; the rest stay readable).
   */
  async toArray(options) {
    const limit = core.countOption('options.limit', optionsOf('options', options, ['limit']).limit)
    const items = []
    while (limit === undefined || limit === null || items.length < limit) {
      const step = await this.next()
      if (step.done) break
      items.push(step.value)
    }
    return items
  }

  [util.inspect.custom](depth, options, inspect) {
    return `AutoPager ${inspect({ done: this.#closed || (this.#done && this.#index >= this.#buffer.length) }, options)}`
  }
}

// ---------------------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------------------

/** The `ClientConfig` of a client's options (`config`, or the other options). */
const CONFIG_KEYS = ['baseUrl', 'timeout', 'timeoutMs', 'connectTimeout', 'connectTimeoutMs', 'maxRetries', 'maxResponseBytes', 'settleWindowMs']
const CLIENT_OPTIONS = ['config', ...CONFIG_KEYS]

function configFrom(options) {
  const o = optionsOf('options', options, CLIENT_OPTIONS)
  const defined = (key) => o[key] !== undefined && o[key] !== null
  if (defined('config')) {
    if (!(o.config instanceof core.ClientConfig)) throw new TypeError('options.config must be a ClientConfig')
    const clash = CONFIG_KEYS.find(defined)
    if (clash !== undefined) throw new TypeError(`options.config cannot be combined with options.${clash}`)
    return o.config
  }
  const either = (short, long) => {
    if (defined(short) && defined(long)) throw new TypeError(`give options.${short} or options.${long}, not both`)
    return defined(short) ? o[short] : o[long]
  }
  return new core.ClientConfig({
    baseUrl: o.baseUrl,
    timeoutMs: either('timeout', 'timeoutMs'),
    connectTimeoutMs: either('connectTimeout', 'connectTimeoutMs'),
    maxRetries: o.maxRetries,
    maxResponseBytes: o.maxResponseBytes,
    settleWindowMs: o.settleWindowMs,
  })
}

function handleOf(client) {
  const handle = HANDLE.get(client)
  if (handle === undefined) throw new TypeError('not a vobiz-partner client')
  return handle
}

function inspectClient(name, client, depth, options, inspect) {
  const fields = client.toJSON()
  if (depth < 0) return options.stylize(`[${name}]`, 'special')
  return `${name} ${inspect(fields, { ...options, depth: options.depth === null ? null : options.depth - 1 })}`
}

/** A group of methods (`partner.customers`…) over its client's native client. */
function group(cls, handle) {
  const object = Object.create(cls.prototype)
  HANDLE.set(object, handle)
  return Object.freeze(object)
}

function readonly(object, properties) {
  for (const [key, value] of Object.entries(properties)) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: false, configurable: false })
  }
}

// ---------------------------------------------------------------------------------------
// Resumable onboarding: the driver over the step operations (the steps are the core's)
// ---------------------------------------------------------------------------------------

/**
 * An account's own credentials as a step takes them: `{ authId, authToken }` with the token
 * a string or a `Secret` (as `onCredentials` received it).
 */
function givenCredentials(value) {
  // Anything but an object goes to the core as is, which refuses it by field.
  if (!core.isOptionsObject(value)) return value
  const token = value.authToken instanceof Secret ? value.authToken.reveal() : value.authToken
  return { ...value, authToken: token }
}

function stepArgs(plan, state, options, credentialsKey) {
  const args = merge('options', options, { plan, state: state ?? null })
  if (args[credentialsKey] !== undefined) args[credentialsKey] = givenCredentials(args[credentialsKey])
  return args
}

function pathText(path) {
  if (path instanceof URL) return require('node:url').fileURLToPath(path)
  if (typeof path !== 'string') throw new TypeError('path must be a string or a file: URL')
  return path
}

/**
 * The onboarding state in a JSON file, through the core's state file: `load()` resolves
 * `null` when the file does not exist; `save(state)` writes atomically (a temporary file in
 * the same directory, fsync, rename), so a crash leaves the old state or the new one.
 */
class FileStateStore {
  #path

  constructor(path) {
    this.#path = pathText(path)
  }

  /** The file. */
  get path() {
    return this.#path
  }

  async load() {
    const text = core.call(() => core.native.loadStateFile(this.#path))
    return text === null ? null : JSON.parse(text)
  }

  async save(state) {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new TypeError('state must be an object')
    }
    const text = JSON.stringify(state)
    core.call(() => core.native.saveStateFile(this.#path, text))
  }

  toJSON() {
    return { path: this.#path }
  }

  [util.inspect.custom](depth, options, inspect) {
    return `FileStateStore ${inspect({ path: this.#path }, options)}`
  }
}

/** A `store` option: a store, or a path (string or file: URL) for a `FileStateStore`. */
function storeOf(store) {
  if (typeof store === 'string' || store instanceof URL) return new FileStateStore(store)
  if (store !== null && typeof store === 'object' && typeof store.load === 'function' && typeof store.save === 'function') {
    return store
  }
  throw new TypeError('options.store must be a path or an object with load() and save()')
}

/**
 * `onboard`: the Rust core's one driver (`run_onboarding`) through onboarding.js: loads the
 * state, steps until finished or waiting; credentials go to `onCredentials` before the state
 * is saved (and to the later steps of this run); the state is saved after every step.
 */
async function runOnboarding(group, plan, options, credentialsKey) {
  const op = credentialsKey === 'customerCredentials' ? 'customer_onboarding_step' : 'sub_account_onboarding_step'
  return require('./onboarding.js').runOnboarding(handleOf(group), op, plan, options, credentialsKey, {
    argsText,
    revive,
    convertError: core.convertError,
  })
}

// ---------------------------------------------------------------------------------------
// Partner
// ---------------------------------------------------------------------------------------

/** `partner.customers`: the partner's customer accounts (`MA_…`). */
class PartnerCustomers {
  /** Creates a customer; the answer holds its token, this once (a `Secret`). */
  async create(customer) {
    return run(handleOf(this), 'create_customer', argsObject('customer', customer))
  }
  /** Every customer, optionally filtered by a name/email substring. */
  list(filters, paging) {
    return pager(handleOf(this), 'list_customers', argsObject('filters', filters), paging)
  }
  /**
   * Creates every customer of `customers` that does not exist yet, `concurrency` (4) at a
   * time and at most `requestsPerSecond` (5; 0: no limit) requests. One row per input, in
   * order: `created` (with the once-shown `authToken`), `existing` (found by email) or
   * `failed` (`errorKind`, `errorMessage`). Running the same list again creates nothing twice.
   */
  async onboardMany(customers, options = {}) {
    const o = optionsOf('options', options, ['concurrency', 'requestsPerSecond'])
    return run(handleOf(this), 'onboard_customers', {
      customers,
      concurrency: o.concurrency ?? 4,
      requestsPerSecond: o.requestsPerSecond ?? 5,
    })
  }
  async get(authId) {
    return run(handleOf(this), 'get_customer', { customerAuthId: authId })
  }
  async balance(authId) {
    return run(handleOf(this), 'customer_balance', { customerAuthId: authId })
  }
  /** Moves `amount` (an exact decimal string such as `'500.00'`, or a number) to the customer. */
  async transferBalance(authId, amount, options) {
    return run(handleOf(this), 'transfer_balance', merge('options', options, { customerAuthId: authId, amount }))
  }
  /**
   * Moves `amount` to the customer, never twice: an ambiguous failure is settled from the
   * ledger through the reference the description carries (`options.reference`, or a
   * generated `vbz-…`); a re-run with the same reference returns the transfer already made.
   */
  /**
   * Runs the next step of a partner customer onboarding (`state` null to start); resolves
   * `{ state, report }`. Store `report.credentials` before saving `state`.
   */
  async onboardingStep(plan, state, options) {
    return run(handleOf(this), 'customer_onboarding_step', stepArgs(plan, state, options, 'customerCredentials'))
  }
  /**
   * Runs a whole customer onboarding with `options.store` (a `FileStateStore`, a path, or any
   * `{ load, save }`): loads the state, runs `onboardingStep` until the flow is finished or
   * waits (KYC), handing once-shown credentials to `options.onCredentials` before saving
   * the state after every step. Resolves `{ state, finished, waitingFor, reports }`.
   */
  async onboard(plan, options) {
    return runOnboarding(this, plan, options, 'customerCredentials')
  }
  async transferBalanceSafely(authId, amount, options) {
    return run(handleOf(this), 'transfer_balance_safely', merge('options', options, { customerAuthId: authId, amount }))
  }
  transactions(authId, filters, paging) {
    return pager(handleOf(this), 'customer_transactions', merge('filters', filters, { customerAuthId: authId }), paging)
  }
  async transactionsPage(authId, options) {
    return run(handleOf(this), 'customer_transactions_page', merge('options', options, { customerAuthId: authId }))
  }
  cdrs(authId, filters, paging) {
    return pager(handleOf(this), 'customer_cdrs', merge('filters', filters, { customerAuthId: authId }), paging)
  }
  async cdrsPage(authId, options) {
    return run(handleOf(this), 'customer_cdrs_page', merge('options', options, { customerAuthId: authId }))
  }
  async cdr(authId, callUuid) {
    return run(handleOf(this), 'customer_cdr', { customerAuthId: authId, callUuid })
  }
  numbers(authId, filters, paging) {
    return pager(handleOf(this), 'customer_numbers', merge('filters', filters, { customerAuthId: authId }), paging)
  }
  async capacity(authId) {
    return run(handleOf(this), 'customer_capacity', { customerAuthId: authId })
  }
  async transferCapacity(authId, move) {
    return run(handleOf(this), 'transfer_capacity', merge('move', move, { customerAuthId: authId }))
  }
  async reclaimCapacity(authId, move) {
    return run(handleOf(this), 'reclaim_capacity', merge('move', move, { customerAuthId: authId }))
  }
}

/** `partner.kycSessions`: hosted KYC sessions for the partner's customers. */
class PartnerKycSessions {
  async create(session) {
    return run(handleOf(this), 'create_kyc_session', argsObject('session', session))
  }
  list(filters, paging) {
    return pager(handleOf(this), 'list_kyc_sessions', argsObject('filters', filters), paging)
  }
  async get(sessionId) {
    return run(handleOf(this), 'get_kyc_session', { sessionId })
  }
  async resend(sessionId) {
    return run(handleOf(this), 'resend_kyc_session', { sessionId })
  }
  async revoke(sessionId, options) {
    return run(handleOf(this), 'revoke_kyc_session', merge('options', options, { sessionId }))
  }
}

/** `partner.reports`: the weekly ops checks over every customer's numbers, and invoices. */
class PartnerReports {
  /**
   * Numbers renewing within `withinDays` (default 14) of `asOf` (a `Date`; now by default)
   * whose owner's wallet cannot cover the rental, each owner's renewals counted in order.
   */
  async renewalsAtRisk(options = {}) {
    const o = optionsOf('options', options, ['withinDays', 'asOf'])
    let asOf = o.asOf
    if (asOf instanceof Date) {
      if (Number.isNaN(asOf.getTime())) throw invalid('as_of', 'is an invalid Date')
      asOf = asOf.toISOString()
    }
    return run(handleOf(this), 'renewals_at_risk', { withinDays: o.withinDays ?? 14, asOf })
  }
  /** Owned numbers with no application routing. */
  async unroutedNumbers() {
    return run(handleOf(this), 'unrouted_numbers', {})
  }
  /** Numbers that require Aadhaar verification and lack it. */
  async aadhaarRestrictedNumbers() {
    return run(handleOf(this), 'aadhaar_restricted_numbers', {})
  }
  /** What the customer owes for `from..=to`: DID setup and monthly fees, and call usage. */
  async invoice(customerAuthId, period) {
    const o = optionsOf('period', period, ['from', 'to'])
    return run(handleOf(this), 'invoice', { customerAuthId, from: day(o.from), to: day(o.to) })
  }
}

/** A day argument nested in an options object: a `Date` as `YYYY-MM-DD`, text as given. */
function day(value) {
  return value instanceof Date ? dayText(value) : value
}

function initPartner(partner, handle) {
  HANDLE.set(partner, handle)
  readonly(partner, {
    customers: group(PartnerCustomers, handle),
    kycSessions: group(PartnerKycSessions, handle),
    reports: group(PartnerReports, handle),
  })
  return partner
}

/** The partner API (`/api/v1/partner/*`), with partner credentials (`PA_…`). */
class Partner {
  constructor(credentials, options) {
    if (!(credentials instanceof core.PartnerCredentials)) {
      throw new TypeError('credentials must be a PartnerCredentials (PA_…)')
    }
    const config = configFrom(options)
    const handle = core.call(() => core.native.NativeClient.partner(core.nativeOf(credentials), core.nativeOf(config)))
    initPartner(this, handle)
  }

  /** From `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` (a `PA_…` id) and `VOBIZ_BASE_URL`. */
  static fromEnv() {
    const handle = core.call(() => core.native.NativeClient.partnerFromEnv())
    return initPartner(Object.create(Partner.prototype), handle)
  }

  get authId() {
    return handleOf(this).authId
  }
  get baseUrl() {
    return handleOf(this).baseUrl
  }

  async me() {
    return run(handleOf(this), 'me', {})
  }
  async dashboard() {
    return run(handleOf(this), 'dashboard', {})
  }
  /** Totals between two days (`'YYYY-MM-DD'` or a `Date`, read as its UTC day). */
  async analytics(range) {
    return run(handleOf(this), 'analytics', argsObject('range', range))
  }
  /** The partner-wide ledger. */
  transactions(filters, paging) {
    return pager(handleOf(this), 'transactions', argsObject('filters', filters), paging)
  }
  async transactionsPage(options) {
    return run(handleOf(this), 'transactions_page', argsObject('options', options))
  }
  /** Every customer's calls. */
  cdrs(filters, paging) {
    return pager(handleOf(this), 'cdrs', argsObject('filters', filters), paging)
  }
  async cdrsPage(options) {
    return run(handleOf(this), 'cdrs_page', argsObject('options', options))
  }
  /** Every customer's numbers. */
  numbers(filters, paging) {
    return pager(handleOf(this), 'numbers', argsObject('filters', filters), paging)
  }
  /** The capacity moved to and from customers. */
  capacityTransfers(paging) {
    return pager(handleOf(this), 'list_capacity_transfers', {}, paging)
  }
  /** An `Account` client for one of the customers (its own credentials), sharing the pool. */
  customerClient(credentials) {
    if (!(credentials instanceof core.AccountCredentials)) {
      throw new TypeError('credentials must be an AccountCredentials (MA_…)')
    }
    const handle = handleOf(this)
    return initAccount(Object.create(Account.prototype), core.call(() => handle.customerClient(core.nativeOf(credentials))))
  }

  toJSON() {
    return { authId: this.authId, baseUrl: this.baseUrl }
  }
  [util.inspect.custom](depth, options, inspect) {
    return inspectClient('Partner', this, depth, options, inspect)
  }
}

// ---------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------

/** `account.numbers`: owned numbers, the inventory, and assignments. */
class AccountNumbers {
  list(filters, paging) {
    return pager(handleOf(this), 'list_numbers', argsObject('filters', filters), paging)
  }
  inventory(filters, paging) {
    return pager(handleOf(this), 'list_inventory', argsObject('filters', filters), paging)
  }
  async purchase(e164, options) {
    return run(handleOf(this), 'purchase_from_inventory', merge('options', options, { e164 }))
  }
  async release(e164, options) {
    return run(handleOf(this), 'release_number', merge('options', options, { e164 }))
  }
  async cancelRelease(e164) {
    return run(handleOf(this), 'cancel_release', { e164 })
  }
  async assignToSubAccount(e164, subAccountId) {
    return runVoid(handleOf(this), 'assign_to_sub_account', { e164, subAccountId })
  }
  /** Throws a `CoolOffError` while the number had a call in the last 15 days. */
  async unassignFromSubAccount(e164) {
    return runVoid(handleOf(this), 'unassign_from_sub_account', { e164 })
  }
  /** Unassigns, or resolves with the cool-off (`status: 'cooling_off'`) instead of throwing. */
  async unassignOrCoolOff(e164) {
    return run(handleOf(this), 'unassign_or_cool_off', { e164 })
  }
  /** `unassignOrCoolOff`, waiting up to `options.maxWaitSeconds` (default 0) for the cool-off to end. */
  async unassignWhenFree(e164, options) {
    return run(handleOf(this), 'unassign_when_free', merge('options', options, { e164 }))
  }
  /** What releasing each DID takes and whether it can happen now or when; changes nothing. */
  async releasePlan(dids) {
    return run(handleOf(this), 'release_plan', { dids })
  }
  /** Unassigns and releases the DIDs that are free now; reports each DID. */
  async executeReleasePlan(dids, options) {
    return run(handleOf(this), 'execute_release_plan', merge('options', options, { dids }))
  }
  async assignToTrunk(e164, trunkId) {
    return runVoid(handleOf(this), 'assign_number_to_trunk', { e164, trunkId })
  }
  async unassignFromTrunk(e164) {
    return runVoid(handleOf(this), 'unassign_number_from_trunk', { e164 })
  }
  async health(e164, query) {
    return run(handleOf(this), 'number_health', merge('query', query, { e164 }))
  }
}

/** `account.cdrs`: the account's call records. */
class AccountCdrs {
  list(filters, paging) {
    return pager(handleOf(this), 'list_cdrs', argsObject('filters', filters), paging)
  }
  search(filters, paging) {
    return pager(handleOf(this), 'search_cdrs', argsObject('filters', filters), paging)
  }
  async page(options) {
    return run(handleOf(this), 'cdr_page', argsObject('options', options))
  }
  async recent(options) {
    return run(handleOf(this), 'recent_cdrs', argsObject('options', options))
  }
  async get(callUuid) {
    return run(handleOf(this), 'get_cdr', { callUuid })
  }
  /** The matching CDRs as CSV text. */
  async export(filters) {
    return run(handleOf(this), 'export_cdrs', argsObject('filters', filters))
  }
}

/** `account.recordings`. */
class AccountRecordings {
  list(filters, paging) {
    return pager(handleOf(this), 'list_recordings', argsObject('filters', filters), paging)
  }
  async get(recordingId) {
    return run(handleOf(this), 'get_recording', { recordingId })
  }
  async delete(recordingId) {
    return runVoid(handleOf(this), 'delete_recording', { recordingId })
  }
}

/** `account.calls`. */
class AccountCalls {
  /** Places a call; `to` is one destination or several (they ring at once). */
  async make(request) {
    const r = argsObject('request', request)
    const to = typeof r.to === 'string' ? [r.to] : r.to
    return run(handleOf(this), 'make_call', { ...r, to })
  }
}

/** `account.subAccounts`: a main account's sub-accounts (`SA_…`). */
class AccountSubAccounts {
  /** Creates a sub-account; the answer holds its credentials, this once. */
  async create(request) {
    return run(handleOf(this), 'create_sub_account', argsObject('request', request))
  }
  list(filters, paging) {
    return pager(handleOf(this), 'list_sub_accounts', argsObject('filters', filters), paging)
  }
  /** The handle on one sub-account (sends nothing). */
  get(subAccountId) {
    return subAccountOf(handleOf(this), subAccountId)
  }
  /**
   * Runs the next step of a sub-account onboarding with the parent's credentials (`state`
   * null to start); resolves `{ state, report }`. Store `report.credentials` before saving
   * `state`.
   */
  async onboardingStep(plan, state, options) {
    return run(handleOf(this), 'sub_account_onboarding_step', stepArgs(plan, state, options, 'subAccountCredentials'))
  }
  /**
   * Runs a whole sub-account onboarding with `options.store` (a `FileStateStore`, a path, or
   * any `{ load, save }`): loads the state, runs `onboardingStep` until the flow is finished
   * or waits (KYC), handing once-shown credentials to `options.onCredentials` before saving
   * the state after every step. Resolves `{ state, finished, waitingFor, reports }`.
   */
  async onboard(plan, options) {
    return runOnboarding(this, plan, options, 'subAccountCredentials')
  }
}

/** `account.trunks`: SIP trunks. */
class AccountTrunks {
  async create(request) {
    return run(handleOf(this), 'create_trunk', argsObject('request', request))
  }
  list(paging) {
    return pager(handleOf(this), 'list_trunks', {}, paging)
  }
  async get(trunkId) {
    return run(handleOf(this), 'get_trunk', { trunkId })
  }
  /** A patch: only the fields given change. */
  async update(trunkId, changes) {
    return run(handleOf(this), 'update_trunk', merge('changes', changes, { trunkId }))
  }
  async delete(trunkId) {
    return runVoid(handleOf(this), 'delete_trunk', { trunkId })
  }
}

/** The create / list / update / delete groups of the trunk parts. */
function trunkPart(name, ops, idKey) {
  const cls = {
    [name]: class {
      async create(request) {
        return run(handleOf(this), ops.create, argsObject('request', request))
      }
      list(paging) {
        return pager(handleOf(this), ops.list, {}, paging)
      }
      async update(id, changes) {
        return run(handleOf(this), ops.update, merge('changes', changes, { [idKey]: id }))
      }
      async delete(id) {
        return runVoid(handleOf(this), ops.delete, { [idKey]: id })
      }
    },
  }[name]
  return cls
}

const AccountTrunkCredentials = trunkPart(
  'AccountTrunkCredentials',
  {
    create: 'create_trunk_credential',
    list: 'list_trunk_credentials',
    update: 'update_trunk_credential',
    delete: 'delete_trunk_credential',
  },
  'credentialUuid',
)
const AccountIpAcl = trunkPart(
  'AccountIpAcl',
  { create: 'create_ip_acl', list: 'list_ip_acl', update: 'update_ip_acl', delete: 'delete_ip_acl' },
  'ipAclUuid',
)
const AccountOriginationUris = trunkPart(
  'AccountOriginationUris',
  {
    create: 'create_origination_uri',
    list: 'list_origination_uris',
    update: 'update_origination_uri',
    delete: 'delete_origination_uri',
  },
  'originationUriUuid',
)

function initAccount(account, handle) {
  HANDLE.set(account, handle)
  readonly(account, {
    numbers: group(AccountNumbers, handle),
    cdrs: group(AccountCdrs, handle),
    recordings: group(AccountRecordings, handle),
    calls: group(AccountCalls, handle),
    subAccounts: group(AccountSubAccounts, handle),
    trunks: group(AccountTrunks, handle),
    trunkCredentials: group(AccountTrunkCredentials, handle),
    ipAcl: group(AccountIpAcl, handle),
    originationUris: group(AccountOriginationUris, handle),
  })
  return account
}

/** An account's own API (`MA_…` or `SA_…` credentials); a main account also administers its sub-accounts. */
class Account {
  constructor(credentials, options) {
    if (!(credentials instanceof core.AccountCredentials)) {
      throw new TypeError('credentials must be an AccountCredentials (MA_… or SA_…)')
    }
    const config = configFrom(options)
    const handle = core.call(() => core.native.NativeClient.account(core.nativeOf(credentials), core.nativeOf(config)))
    initAccount(this, handle)
  }

  /** From `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` (an `MA_…` or `SA_…` id) and `VOBIZ_BASE_URL`. */
  static fromEnv() {
    const handle = core.call(() => core.native.NativeClient.accountFromEnv())
    return initAccount(Object.create(Account.prototype), handle)
  }

  get authId() {
    return handleOf(this).authId
  }
  get baseUrl() {
    return handleOf(this).baseUrl
  }

  async details() {
    return run(handleOf(this), 'details', {})
  }
  async balance() {
    return run(handleOf(this), 'balance', {})
  }
  /** The handle on one of this main account's sub-accounts (sends nothing). */
  subAccount(subAccountId) {
    return subAccountOf(handleOf(this), subAccountId)
  }

  toJSON() {
    return { authId: this.authId, baseUrl: this.baseUrl }
  }
  [util.inspect.custom](depth, options, inspect) {
    return inspectClient('Account', this, depth, options, inspect)
  }
}

// ---------------------------------------------------------------------------------------
// SubAccount
// ---------------------------------------------------------------------------------------

/** `sub.kyc`: the sub-account's KYC (live routes). */
class SubAccountKyc {
  async status() {
    return run(handleOf(this), 'kyc_status', {})
  }
  async verifyPan(pan) {
    return run(handleOf(this), 'verify_pan', { pan })
  }
  async verifyGst(gstin) {
    return run(handleOf(this), 'verify_gst', { gstin })
  }
  async cinSearch(companyName) {
    return run(handleOf(this), 'cin_search', { companyName })
  }
  async cinConfirm(companyName, selectedCin) {
    return run(handleOf(this), 'cin_confirm', { companyName, selectedCin })
  }
  async digilockerInitiate(redirectUrl, options) {
    return run(handleOf(this), 'digilocker_initiate', merge('options', options, { redirectUrl }))
  }
  async digilockerVerify(accessRequestId, options) {
    return run(handleOf(this), 'digilocker_verify', merge('options', options, { accessRequestId }))
  }
  /** A hosted KYC session: give `customerEmail` (email flow) or `redirectUrl` (redirect flow). */
  async createSession(request) {
    return run(handleOf(this), 'create_kyc_session', argsObject('request', request))
  }
}

/** `sub.kycTest`: the same checks on the test-mode routes (magic inputs, no provider). */
class SubAccountKycTest {
  async verifyPan(pan) {
    return run(handleOf(this), 'test_verify_pan', { pan })
  }
  async verifyGst(gstin) {
    return run(handleOf(this), 'test_verify_gst', { gstin })
  }
  async cinSearch(companyName) {
    return run(handleOf(this), 'test_cin_search', { companyName })
  }
  async cinConfirm(companyName, selectedCin) {
    return run(handleOf(this), 'test_cin_confirm', { companyName, selectedCin })
  }
  async digilockerInitiate(redirectUrl, options) {
    return run(handleOf(this), 'test_digilocker_initiate', merge('options', options, { redirectUrl }))
  }
  async digilockerVerify(accessRequestId, options) {
    return run(handleOf(this), 'test_digilocker_verify', merge('options', options, { accessRequestId }))
  }
  /** Settles the latest pending mock verification of `verificationType` with `outcome`. */
  async finalizePending(verificationType, outcome) {
    return run(handleOf(this), 'test_finalize_pending', { verificationType, outcome })
  }
}

function subAccountOf(parentHandle, subAccountId) {
  if (typeof subAccountId !== 'string') {
    throw invalid('sub_account_id', `must be a string, got ${subAccountId === null ? 'null' : typeof subAccountId}`)
  }
  const handle = core.call(() => parentHandle.subAccount(subAccountId))
  const sub = Object.create(SubAccount.prototype)
  HANDLE.set(sub, handle)
  readonly(sub, {
    kyc: group(SubAccountKyc, handle),
    kycTest: group(SubAccountKycTest, handle),
  })
  return sub
}

/** A main account's handle on one of its sub-accounts: `account.subAccount('SA_…')`. */
class SubAccount {
  constructor() {
    throw new TypeError('SubAccount handles are made by account.subAccount(id)')
  }

  /** The sub-account's auth id (`SA_…`). */
  get id() {
    return handleOf(this).authId
  }
  get baseUrl() {
    return handleOf(this).baseUrl
  }

  async get() {
    return run(handleOf(this), 'get', {})
  }
  /** A partial update: only the fields given change. */
  async update(changes) {
    return run(handleOf(this), 'update', argsObject('changes', changes))
  }
  async delete() {
    return runVoid(handleOf(this), 'delete', {})
  }

  toJSON() {
    return { id: this.id, baseUrl: this.baseUrl }
  }
  [util.inspect.custom](depth, options, inspect) {
    return inspectClient('SubAccount', this, depth, options, inspect)
  }
}

for (const cls of [
  PartnerCustomers,
  PartnerKycSessions,
  AccountNumbers,
  AccountCdrs,
  AccountRecordings,
  AccountCalls,
  AccountSubAccounts,
  AccountTrunks,
  AccountTrunkCredentials,
  AccountIpAcl,
  AccountOriginationUris,
  SubAccountKyc,
  SubAccountKycTest,
]) {
  Object.defineProperty(cls.prototype, util.inspect.custom, {
    value: function inspectGroup(depth, options) {
      return options.stylize(`[${cls.name}]`, 'special')
    },
  })
}

/**
 * Called once by index.js with its internals: `native` (the addon), `call` and
 * `convertError` (typed errors), `nativeOf` (the addon object of a public one),
 * `ClientConfig`, `PartnerCredentials`, `AccountCredentials`, `ValidationError`.
 */
function install(internals) {
  core = internals
  return { Partner, Account, SubAccount, AutoPager, Secret, FileStateStore }
}

module.exports = { install }

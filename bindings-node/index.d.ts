// Types of the public JS layer of vobiz-partner (bindings-node/index.js).
// Hand-written; checked against a typed usage file with `tsc --strict` (tests/node/types).

/** The package version (that of the Rust core it embeds). */
export declare const VERSION: string

// ---------------------------------------------------------------------------------------
// Configuration and credentials
// ---------------------------------------------------------------------------------------

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

/**
 * Where requests go, how long they may take and how often safe requests are retried.
 * Immutable. Invalid options throw a `ValidationError` whose `field` is the core's name
 * for the option: `base_url`, `timeout`, `connect_timeout`, `max_retries`.
 */
export declare class ClientConfig {
  constructor(options?: ClientConfigOptions)
  /** The defaults with `VOBIZ_BASE_URL` when set, then `options`. */
  static fromEnv(options?: ClientConfigOptions): ClientConfig
  /** The normalised base URL (e.g. `https://api.vobiz.ai/`). */
  readonly baseUrl: string
  /** Per-attempt timeout, in milliseconds. */
  readonly timeoutMs: number
  /** Connect timeout, in milliseconds. */
  readonly connectTimeoutMs: number
  /** Retries after the first attempt, for safe requests. */
  readonly maxRetries: number
  /** The largest answer read, in bytes. */
  readonly maxResponseBytes: number
  /** The safe transfer's settle window, in milliseconds. */
  readonly settleWindowMs: number
  /** `vobiz-partner/<version> (node)`. */
  readonly userAgent: string
  toJSON(): {
    baseUrl: string
    timeoutMs: number
    connectTimeoutMs: number
    maxRetries: number
    maxResponseBytes: number
    settleWindowMs: number
    userAgent: string
  }
}

/** What `JSON.stringify` shows of credentials: never the token. */
export interface RedactedCredentials {
  authId: string
  authToken: '<redacted>'
}

/**
 * Partner credentials (`PA_…`): the key for every `/api/v1/partner/*` route. The token is
 * kept inside the native addon; `util.inspect`, `JSON.stringify` and `String()` show
 * `<redacted>`.
 */
export declare class PartnerCredentials {
  /** Throws a `ValidationError` (field `auth_id`) for any id that is not `PA_…`. */
  constructor(authId: string, authToken: string)
  /**
   * Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `PA_…` (`ValidationError`
   * with field `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN` otherwise).
   */
  static fromEnv(): PartnerCredentials
  /** The partner's auth id (sent as `X-Auth-ID`). */
  readonly authId: string
  toJSON(): RedactedCredentials
  toString(): string
  // Nominal typing: the two scopes are not interchangeable.
  #private
}

/**
 * An account's own credentials (`MA_…` or `SA_…`): the key for that account's runtime
 * routes. The token never shows, as with `PartnerCredentials`.
 */
export declare class AccountCredentials {
  /** Throws a `ValidationError` (field `auth_id`) for any id that is not `MA_…` or `SA_…`. */
  constructor(authId: string, authToken: string)
  /** Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `MA_…` or `SA_…`. */
  static fromEnv(): AccountCredentials
  /** The account's auth id (sent as `X-Auth-ID`). */
  readonly authId: string
  /** Whether this is a main account (`MA_…`), the only kind that may administer sub-accounts. */
  readonly isMainAccount: boolean
  toJSON(): RedactedCredentials
  toString(): string
  #private
}

/** Either credential scope. */
export type Credentials = PartnerCredentials | AccountCredentials

// ---------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------

/** The methods `Transport.request` accepts (any case). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** A query parameter value; `null` / `undefined` leave the parameter out. */
export type QueryValue = string | number | boolean | bigint | null | undefined

export interface RequestOptions {
  /**
   * Query parameters, added after any query already in the path: an object (an array value
   * repeats the parameter) or `[key, value]` pairs (a `URLSearchParams`, a `Map`, an array). Values are encoded by the core (`+` becomes `%2B`).
   */
  query?: Record<string, QueryValue | readonly QueryValue[]> | Iterable<readonly [string, QueryValue]> | undefined
  /**
   * The JSON body, serialised with `JSON.stringify`. `undefined` sends no body; a value that
   * cannot be serialised throws a `ValidationError` (field `body`) before anything is sent.
   */
  json?: unknown
  /** Per-attempt timeout for this request, in milliseconds. */
  timeoutMs?: number | undefined
  /** Connect timeout for this request, in milliseconds. */
  connectTimeoutMs?: number | undefined
  /** Retries after the first attempt for this request (safe methods only are retried). */
  maxRetries?: number | undefined
}

/** A successful (2xx) answer. */
export declare class Response {
  private constructor()
  /** The HTTP status (200, 201, 204…). */
  readonly status: number
  /** The request id from a response header, if any. */
  readonly requestId: string | null
  /** Response headers: lower-cased names, repeated headers joined with `', '`. */
  readonly headers: Record<string, string>
  /** The body as text (invalid UTF-8 replaced). */
  readonly text: string
  /** The raw body (a Node `Buffer`). */
  readonly body: Uint8Array
  /**
   * The body parsed as JSON; `null` for an empty body. A body that is not JSON throws a
   * `DecodeError`. The type parameter is not checked at run time.
   */
  json<T = unknown>(): T
}

/**
 * The low-level HTTP engine, for routes the typed API does not cover. Every core rule
 * applies: path segments are re-encoded (`+91…` is sent as `%2B91…`), only safe methods
 * (GET, PUT, DELETE) are retried, a POST whose answer is lost rejects with an
 * `OutcomeUnknownError`, credentials never follow a redirect to another origin.
 */
export declare class Transport {
  /** An engine for `config` (a `ClientConfig` or its options; default: the core defaults). */
  constructor(config?: ClientConfig | ClientConfigOptions)
  /** The configuration in force. */
  readonly config: ClientConfig
  /**
   * Sends `method path` with `credentials`. `path` is an absolute API path
   * (`/api/v1/…`); a query string in it is kept. Resolves with the 2xx answer; rejects with
   * a `VobizError` subclass.
   */
  request(
    credentials: Credentials,
    method: HttpMethod | Lowercase<HttpMethod>,
    path: string,
    options?: RequestOptions,
  ): Promise<Response>
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

// The classes, `VobizErrorCode` and `VobizErrorDetails` are generated from the core's error
// catalogue (errors.d.ts, by tools/gen_errors.py). The same classes, with the same fields
// (snake_case there), are the Python package's exceptions.
export * from './errors.js'

// ---------------------------------------------------------------------------------------
// Clients (client.d.ts: Partner, Account, SubAccount, AutoPager, Secret, the request
// shapes) and the result models (models.d.ts, generated from the core)
// ---------------------------------------------------------------------------------------

export * from './models.js'
export * from './client.js'
// Both files name `Secret` (models.d.ts its shape, client.d.ts the class): the class wins.
export { Secret } from './client.js'

// ---------------------------------------------------------------------------------------
// KYC webhooks
// ---------------------------------------------------------------------------------------

/**
 * Request headers in any common shape: Node's `IncomingMessage.headers`, a fetch `Headers`
 * (or anything iterable as `[name, value]` pairs, like a `Map`). Values may be arrays.
 */
export type WebhookHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | Iterable<readonly [string, string | readonly string[] | undefined]>

/** How `verifyWebhook` judges an event's age; without `maxAgeMs` only the signature is checked. */
export interface VerifyWebhookOptions {
  /**
   * Refuse events older than this many milliseconds, judged by the event's own `timestamp`
   * (else `updatedAt`); events without a time, or dated more than 5 minutes ahead, are then
   * refused too.
   */
  maxAgeMs?: number | undefined
  /** The time to judge the age against (default: now). For tests. */
  now?: Date | undefined
}

/**
 * Verifies a KYC webhook delivery (`X-Vobiz-Signature: sha256=<hex>`, an HMAC-SHA256 of the
 * raw body, compared in constant time) and returns its event.
 *
 * `body` is the raw request body, byte for byte (a `Buffer` from
 * `express.raw({ type: 'application/json' })`, or its text), never a re-serialised object.
 * `secret` is the auth token the sender signed with: the parent account's for sub-account
 * sessions, the partner's for partner sessions.
 *
 * Throws a `WebhookError` when refused; a `ValidationError` for an empty secret or a
 * negative `maxAgeMs`.
 */
export declare function verifyWebhook(
  body: Uint8Array | ArrayBuffer | string,
  headers: WebhookHeaders,
  secret: string | import('./client.js').Secret,
  options?: VerifyWebhookOptions,
): import('./models.js').KycEvent

// =======================================================================================
// Sandbox: the embedded emulator of the Vobiz API (crate vobiz-sandbox), in this process.
// =======================================================================================

/** Options of `Sandbox.start(...)`. */
export interface SandboxStartOptions {
  /** The loopback port; 0 or omitted picks a free one. */
  port?: number | undefined
  /** The seed of the world: the same seed gives the same ids and tokens (default 0). */
  seed?: number | undefined
  /**
   * Load the world from this file when it exists; save it there after every change and at
   * `stop()`. (A `file:` URL object is accepted at run time too.)
   */
  stateFile?: string | undefined
}

/** What a sandbox was seeded with, without secrets. */
export interface SandboxSeeded {
  seed: number
  partnerAuthId: string
  partnerEmail: string
  /** An exact decimal string, e.g. `'50000.00000'`. */
  partnerBalance: string
  maxAccounts: number
  parentAuthId: string
  /** An exact decimal string, e.g. `'10000.00000'`. */
  parentBalance: string
  currency: string
  inventoryNumbers: number
  regions: string[]
}

/** A step a customer takes in a hosted KYC session. */
export type KycStep = 'open' | 'submit' | 'complete' | 'fail'
/** What a completed KYC verified. */
export type KycType = 'individual' | 'company'

/** A call on an owned DID; omitted fields take the sandbox's defaults. */
export interface SimulatedCall {
  /** The owned DID, as E.164 with a literal `+`. */
  e164: string
  /** Default `'inbound'` (to the DID). */
  direction?: 'inbound' | 'outbound' | undefined
  /** Default `true`. */
  answered?: boolean | undefined
  /** Talk time, default 60. */
  durationSeconds?: number | undefined
  /** The other party (default a fixed test number). */
  peer?: string | undefined
}

/** What `Sandbox.setNumber` changes; absent fields stay as they are. */
export interface NumberPatch {
  /** Routes the number to this application. */
  applicationId?: string | undefined
  /** Removes the application routing. */
  unroute?: boolean | undefined
  aadhaarVerificationRequired?: boolean | undefined
  aadhaarVerified?: boolean | undefined
  lastBillingDate?: Date | undefined
  nextBillingDate?: Date | undefined
}

/** What `simulateCall` returns. */
export interface SimulatedCallResult {
  call_uuid: string
  account_id: string
  /** RFC 3339: the CDR and charge appear once the sandbox clock passes it. */
  ends_at: string | null
  [key: string]: unknown
}

/** Which requests a fault applies to, and how often. */
export interface FaultMatch {
  /** The path to match; `*` spans any characters (`'/api/v1/partner/*'`). */
  path: string
  /** The method to match (any when omitted). */
  method?: HttpMethod | Lowercase<HttpMethod> | undefined
  /** Fire this many times, then retire (unlimited when omitted). */
  count?: number | undefined
  /** Fire with this probability, 0–1 (always when omitted). */
  probability?: number | undefined
}

/** A fault to inject: `FaultMatch` plus exactly one kind. */
export type FaultSpec = FaultMatch &
  (
    | {
        /** Answer with this status without running the handler. */
        status: number
        /** The answer's body (JSON; default `{"error": "injected_fault"}`). */
        body?: unknown
        /** Seconds, sent as `Retry-After`. */
        retryAfter?: number | undefined
      }
    | {
        /** Wait this long, then handle the request normally. */
        delayMs: number
      }
    | {
        /** Drop the connection without running the handler: nothing changes. */
        resetBefore: true
      }
    | {
        /** Run the handler (its change commits), then drop the connection. */
        resetAfter: true
      }
    | {
        /**
         * Drop the connection at once, and run the handler this many milliseconds later:
         * a server that commits after the client gave up.
         */
        lateCommitMs: number
      }
    | {
        /** Run the handler, then answer with a body that is not JSON. */
        malformed: true
      }
    | {
        /** Run the handler, then answer with the first half of its body. */
        truncated: true
      }
  )

/** The error codes of a sandbox's control methods (`err.code`). */
export type SandboxErrorCode =
  | 'SANDBOX_NOT_FOUND'
  | 'SANDBOX_CONFLICT'
  | 'SANDBOX_INVALID_REQUEST'
  | 'SANDBOX_VALIDATION_ERROR'
  | 'SANDBOX_STOPPED'

/**
 * A running sandbox: a local, stateful emulator of the Vobiz API on `127.0.0.1`, in this
 * process. Control methods throw an `Error` with a `SandboxErrorCode` as `code` (and the
 * control route's HTTP `status`); bad arguments throw a `TypeError` or a `ValidationError`.
 * `util.inspect` and `JSON.stringify` show the URL and seed only. At run time it also has
 * `[Symbol.asyncDispose]` (`await using sb = await Sandbox.start()`) where Node defines it.
 */
export declare class Sandbox {
  private constructor()
  /**
   * Starts a sandbox; resolves once it listens. Rejects with an `Error` whose `code` is the
   * OS error (`'EADDRINUSE'`, …) when it cannot.
   */
  static start(options?: SandboxStartOptions): Promise<Sandbox>
  /** `http://127.0.0.1:<port>`: the base URL to give a client. */
  readonly url: string
  /** The seed of the current world. */
  readonly seed: number
  /** Whether it still serves (`stop()` not called yet). */
  readonly running: boolean
  /** The seeded partner's credentials (`PA_…`). */
  readonly partnerCredentials: PartnerCredentials
  /** The seeded parent main account's own credentials (`MA_…`). */
  readonly parentCredentials: AccountCredentials
  /** The seeded partner's console email, for `POST /api/v1/partner/login`. */
  readonly partnerEmail: string
  /** The seeded partner's console password, for `POST /api/v1/partner/login`. */
  readonly partnerPassword: string
  /** What was seeded, without secrets. */
  readonly seeded: SandboxSeeded
  /** The sandbox's current time. */
  now(): Date
  /**
   * Moves the clock by `seconds` (negative moves it back); returns the new time. Cool-offs,
   * KYC expiry, resend cooldowns and call ends follow it.
   */
  advanceClock(seconds: number): Date
  /** Sets the clock to `at`; returns the new time. */
  setClock(at: Date): Date
  /** Moves a hosted KYC session one step as its customer would (sends the webhooks); returns the session. */
  kycSessionStep(
    sessionId: string,
    step: KycStep,
    options?: { kycType?: KycType | undefined; reason?: string | undefined },
  ): Record<string, unknown>
  /** The customer opened the widget (`opened`). */
  openKycSession(sessionId: string): Record<string, unknown>
  /** The customer submitted the PAN (`in_progress`). */
  submitKycSession(sessionId: string, options?: { kycType?: KycType | undefined }): Record<string, unknown>
  /** Every document verified (`kyc_completed`; webhook `kyc.completed`). */
  completeKycSession(sessionId: string, options?: { kycType?: KycType | undefined }): Record<string, unknown>
  /** A document failed (`kyc_failed`; webhook `kyc.failed`). */
  failKycSession(sessionId: string, reason?: string): Record<string, unknown>
  /** Verifies the documents the sub-account's business type needs; returns its KYC status. */
  completeSubAccountKyc(subAuthId: string): Record<string, unknown>
  /** Fails the documents the sub-account's business type needs; returns its KYC status. */
  failSubAccountKyc(subAuthId: string): Record<string, unknown>
  /** A call on an owned DID; its CDR, charge and the DID's last call time appear once the clock passes its end. */
  simulateCall(call: SimulatedCall): SimulatedCallResult
  /**
   * Sets what the API manages outside the emulator's routes on a number (application
   * routing, Aadhaar flags, billing dates); returns the number as the API renders it.
   */
  setNumber(e164: string, patch: NumberPatch): Record<string, unknown>
  /** Injects a fault; returns its id. */
  addFault(fault: FaultSpec): number
  /** Removes every injected fault. */
  clearFaults(): void
  /** A freshly seeded world (`seed`, or the current one); clears the faults. */
  reset(seed?: number): void
  /** Stops serving, waits for requests in flight, saves the state file. Idempotent. */
  stop(): Promise<void>
  toJSON(): { url: string; seed: number }
}

// Types of the public JS layer of vobiz-partner (bindings-node/index.js).
// Hand-written; checked against a typed usage file with `tsc --strict` (tests/node/types).

/** The package version (that of the Rust core it embeds). */
export declare const VERSION: string

// ---------------------------------------------------------------------------------------
// Configuration and credentials
// ---------------------------------------------------------------------------------------

/** Options of `new ClientConfig(...)`; omitted ones keep the core defaults. */
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
  /** `vobiz-partner/<version> (node)`. */
  readonly userAgent: string
  toJSON(): {
    baseUrl: string
    timeoutMs: number
    connectTimeoutMs: number
    maxRetries: number
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

/** `VobizError.code`: the kind of failure, one per subclass. */
export type VobizErrorCode =
  | 'VALIDATION'
  | 'BAD_REQUEST'
  | 'AUTHENTICATION'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'COOL_OFF'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'INSUFFICIENT_BALANCE'
  | 'SERVER'
  | 'OUTCOME_UNKNOWN'
  | 'TIMEOUT'
  | 'TRANSPORT'
  | 'DECODE'
  | 'UNKNOWN'

/** What an error can be constructed with (for tests and mocks; the package fills it itself). */
export interface VobizErrorDetails {
  code?: VobizErrorCode
  status?: number | null
  apiCode?: string | null
  apiMessage?: string | null
  requestId?: string | null
  body?: string | null
  method?: string | null
  path?: string | null
  field?: string | null
  reason?: string | null
  attempts?: number | null
  retryAfterSeconds?: number | null
  coolOffUntil?: Date | null
  coolOffUntilText?: string | null
  remainingSeconds?: number | null
  currentBalance?: string | null
  requestedAmount?: string | null
  currency?: string | null
  outcomeUnknown?: boolean
}

/**
 * The base of every error this package throws for a Vobiz failure. `message` is the full
 * description (status, API message and code, method, path, request id). Absent values are
 * `null`. No field, message or stack holds a token or password.
 */
export declare class VobizError extends Error {
  constructor(message?: string, details?: VobizErrorDetails)
  /** The kind of failure (`'NOT_FOUND'`, `'COOL_OFF'`, …); fixed per subclass. */
  readonly code: VobizErrorCode
  /** The HTTP status, when the API answered. */
  readonly status: number | null
  /** The API's own error code (`'not_found'`, `'did_cool_off_in_effect'`, …). */
  readonly apiCode: string | null
  /** The API's message; the description itself when the API gave none. */
  readonly apiMessage: string | null
  /** The request id of the answer. */
  readonly requestId: string | null
  /** The response body, redacted and truncated. */
  readonly body: string | null
  /** The request method. */
  readonly method: string | null
  /** The request path (encoded, without the query). */
  readonly path: string | null
  /**
   * Whether the request may have taken effect although it failed (an answer lost after a
   * POST was sent, or a 5xx to a POST): reconcile before retrying.
   */
  readonly outcomeUnknown: boolean
}

/**
 * Input refused before anything was sent. `field` is the core's (snake_case) name for the
 * input: `base_url`, `timeout`, `max_retries`, `auth_id`, `auth_token`, `VOBIZ_AUTH_ID`,
 * `method`, `path`, `body`, …
 */
export declare class ValidationError extends VobizError {
  readonly code: 'VALIDATION'
  readonly field: string | null
  readonly reason: string | null
}

/** 400, or another 4xx the API gives no meaning to. */
export declare class BadRequestError extends VobizError {
  readonly code: 'BAD_REQUEST'
}

/** 401: the credentials were refused. */
export declare class AuthenticationError extends VobizError {
  readonly code: 'AUTHENTICATION'
}

/** 403: these credentials may not do this (wrong scope, a capability flag, a limit). */
export declare class PermissionDeniedError extends VobizError {
  readonly code: 'PERMISSION_DENIED'
}

/** 404: not found, or not yours (the API answers 404 for other partners' resources). */
export declare class NotFoundError extends VobizError {
  readonly code: 'NOT_FOUND'
}

/** 409: the resource's state forbids this. Never retried. */
export declare class ConflictError extends VobizError {
  readonly code: 'CONFLICT' | 'COOL_OFF'
}

/** 409 `did_cool_off_in_effect`: the number had a call in the last 15 days. */
export declare class CoolOffError extends ConflictError {
  readonly code: 'COOL_OFF'
  /** When the cool-off ends, when the API said and the core could read it. */
  readonly coolOffUntil: Date | null
  /** The same instant as the API wrote it. */
  readonly coolOffUntilText: string | null
  /** Seconds of cool-off left, as the server counted them. */
  readonly remainingSeconds: number | null
}

/** 422: a field failed the server's validation (weak password, duplicate email, …). */
export declare class UnprocessableError extends VobizError {
  readonly code: 'UNPROCESSABLE'
}

/** 429: too many requests, or a cooldown. */
export declare class RateLimitError extends VobizError {
  readonly code: 'RATE_LIMITED'
  /** From `Retry-After`, or the seconds the body names. */
  readonly retryAfterSeconds: number | null
}

/** 402, or 400 with balance details: the balance cannot cover the amount. */
export declare class InsufficientBalanceError extends VobizError {
  readonly code: 'INSUFFICIENT_BALANCE'
  /** The balance the server saw, as an exact decimal string (e.g. `'200.00'`). */
  readonly currentBalance: string | null
  /** The amount asked for, as an exact decimal string. */
  readonly requestedAmount: string | null
  readonly currency: string | null
}

/** 5xx. After a POST the change may or may not have been made: check before retrying. */
export declare class ServerError extends VobizError {
  readonly code: 'SERVER'
}

/**
 * A POST was sent but no answer came back: it may have taken effect. It was not retried;
 * reconcile (e.g. look the transfer up in the ledger) before trying again.
 */
export declare class OutcomeUnknownError extends VobizError {
  readonly code: 'OUTCOME_UNKNOWN'
  readonly attempts: number | null
}

/** A safe request got no answer in time, on every attempt. */
export declare class TimeoutError extends VobizError {
  readonly code: 'TIMEOUT'
  readonly attempts: number | null
}

/** The request could not be delivered (connection refused, TLS failure, a refused redirect…). */
export declare class TransportError extends VobizError {
  readonly code: 'TRANSPORT'
  readonly attempts: number | null
}

/** The API answered, but the body could not be read as the expected shape. */
export declare class DecodeError extends VobizError {
  readonly code: 'DECODE'
}

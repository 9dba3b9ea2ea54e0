// The error classes of vobiz-partner, and the conversion of the addon's errors into them.
//
// napi cannot throw subclasses of Error (napi-rs#1981): the addon throws a plain Error whose
// `vobiz` property holds the core's flattened, redacted report (bindings-node/src/error.rs),
// and `convertError` rethrows the matching class. Self-contained: it imports nothing.

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
  | 'WEBHOOK'
  | 'REDIRECT'
  | 'RESPONSE_TOO_LARGE'
  | 'INTERNAL'
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
  location?: string | null
  limitBytes?: number | null
  retryAfterSeconds?: number | null
  coolOffUntil?: Date | null
  coolOffUntilText?: string | null
  remainingSeconds?: number | null
  currentBalance?: string | null
  requestedAmount?: string | null
  currency?: string | null
  outcomeUnknown?: boolean
}

function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value
}

/**
 * The base of every error this package throws for a Vobiz failure. `message` is the full
 * description (status, API message and code, method, path, request id). Absent values are
 * `null`. No field, message or stack holds a token or password.
 */
export class VobizError extends Error {
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
   * POST was sent, a 5xx to a POST, a refused redirect of a POST, an unreadable answer to
   * a POST, a caught internal error): reconcile before retrying.
   */
  readonly outcomeUnknown: boolean

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message)
    this.code = details.code ?? KIND_OF.get(new.target) ?? 'UNKNOWN'
    this.status = orNull(details.status)
    this.apiCode = orNull(details.apiCode)
    this.apiMessage = details.apiMessage ?? (message === undefined ? null : String(message))
    this.requestId = orNull(details.requestId)
    this.body = orNull(details.body)
    this.method = orNull(details.method)
    this.path = orNull(details.path)
    this.outcomeUnknown = details.outcomeUnknown === true
  }
}

/**
 * Input refused before anything was sent. `field` is the core's (snake_case) name for the
 * input: `base_url`, `timeout`, `max_retries`, `auth_id`, `auth_token`, `VOBIZ_AUTH_ID`,
 * `method`, `path`, `body`, …
 */
export class ValidationError extends VobizError {
  declare readonly code: 'VALIDATION'
  readonly field: string | null
  readonly reason: string | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.field = orNull(details.field)
    this.reason = orNull(details.reason)
  }
}

/** 400, or another 4xx the API gives no meaning to. */
export class BadRequestError extends VobizError {
  declare readonly code: 'BAD_REQUEST'
}

/** 401: the credentials were refused. */
export class AuthenticationError extends VobizError {
  declare readonly code: 'AUTHENTICATION'
}

/** 403: these credentials may not do this (wrong scope, a capability flag, a limit). */
export class PermissionDeniedError extends VobizError {
  declare readonly code: 'PERMISSION_DENIED'
}

/** 404: not found, or not yours (the API answers 404 for other partners' resources). */
export class NotFoundError extends VobizError {
  declare readonly code: 'NOT_FOUND'
}

/** 409: the resource's state forbids this. Never retried. */
export class ConflictError extends VobizError {
  declare readonly code: 'CONFLICT' | 'COOL_OFF'
}

/** 409 `did_cool_off_in_effect`: the number had a call in the last 15 days. */
export class CoolOffError extends ConflictError {
  declare readonly code: 'COOL_OFF'
  /** When the cool-off ends, when the API said and the core could read it. */
  readonly coolOffUntil: Date | null
  /** The same instant as the API wrote it. */
  readonly coolOffUntilText: string | null
  /** Seconds of cool-off left, as the server counted them. */
  readonly remainingSeconds: number | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.coolOffUntil = details.coolOffUntil instanceof Date ? details.coolOffUntil : null
    this.coolOffUntilText = orNull(details.coolOffUntilText)
    this.remainingSeconds = orNull(details.remainingSeconds)
  }
}

/** 422: a field failed the server's validation (weak password, duplicate email, …). */
export class UnprocessableError extends VobizError {
  declare readonly code: 'UNPROCESSABLE'
}

/** 429: too many requests, or a cooldown. */
export class RateLimitError extends VobizError {
  declare readonly code: 'RATE_LIMITED'
  /** The same as `retryAfter`. */
  readonly retryAfterSeconds: number | null
  /** Seconds to wait: from `Retry-After`, or the seconds the body names. */
  readonly retryAfter: number | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.retryAfterSeconds = orNull(details.retryAfterSeconds)
    this.retryAfter = this.retryAfterSeconds
  }
}

/** 402, or 400 with balance details: the balance cannot cover the amount. */
export class InsufficientBalanceError extends VobizError {
  declare readonly code: 'INSUFFICIENT_BALANCE'
  /** The balance the server saw, as an exact decimal string (e.g. `'200.00'`). */
  readonly currentBalance: string | null
  /** The amount asked for, as an exact decimal string. */
  readonly requestedAmount: string | null
  readonly currency: string | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.currentBalance = orNull(details.currentBalance)
    this.requestedAmount = orNull(details.requestedAmount)
    this.currency = orNull(details.currency)
  }
}

/** 5xx. After a POST the change may or may not have been made: check before retrying. */
export class ServerError extends VobizError {
  declare readonly code: 'SERVER'
}

/**
 * A POST was sent but no answer came back: it may have taken effect. It was not retried;
 * reconcile (e.g. look the transfer up in the ledger) before trying again.
 */
export class OutcomeUnknownError extends VobizError {
  declare readonly code: 'OUTCOME_UNKNOWN' | 'REDIRECT'
  readonly attempts: number | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.attempts = orNull(details.attempts)
  }
}

/**
 * A POST was answered with a redirect the SDK will not follow (a 301/302/303, which would
 * turn it into a GET; a 307/308 to another origin, where the body would go; or a second
 * redirect). The server may have acted on the request: reconcile before trying again.
 * `outcomeUnknown` is always true.
 */
export class RedirectError extends OutcomeUnknownError {
  declare readonly code: 'REDIRECT'
  /** The redirect status (301, 302, 303, 307, 308). */
  declare readonly status: number | null
  /** Where the server pointed, without its query string (which may carry a session). */
  readonly location: string | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, { ...details, outcomeUnknown: true })
    this.location = orNull(details.location)
  }
}

/** A safe request got no answer in time, on every attempt. */
export class TimeoutError extends VobizError {
  declare readonly code: 'TIMEOUT'
  readonly attempts: number | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.attempts = orNull(details.attempts)
  }
}

/**
 * The request could not be delivered (connection refused, TLS failure, too many redirects
 * of a GET…). A POST's redirect the SDK refuses is a `RedirectError`.
 */
export class TransportError extends VobizError {
  declare readonly code: 'TRANSPORT'
  readonly attempts: number | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.attempts = orNull(details.attempts)
  }
}

/** The API answered, but the body could not be read as the expected shape. */
export class DecodeError extends VobizError {
  declare readonly code: 'DECODE'
}

/**
 * The answer was larger than the configured limit; reading stopped there. After a POST
 * answered 2xx or 5xx the change may have been made (`outcomeUnknown`).
 */
export class ResponseTooLargeError extends VobizError {
  declare readonly code: 'RESPONSE_TOO_LARGE'
  /** The limit the answer exceeded, in bytes. */
  readonly limitBytes: number | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.limitBytes = orNull(details.limitBytes)
  }
}

/**
 * A bug in the SDK (a panic in its native code) was caught before it could cross into
 * JavaScript or crash the process; its message never quotes the panic. The client stays
 * usable. The operation may or may not have taken effect: `outcomeUnknown` is always true.
 * Please report it.
 */
export class InternalError extends VobizError {
  declare readonly code: 'INTERNAL'

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, { ...details, outcomeUnknown: true })
  }
}

/**
 * A webhook delivery was refused by `verifyWebhook`: no or a malformed `X-Vobiz-Signature`,
 * a signature that does not match the body and key, a stale event, or a body that is not a
 * KYC event. Answer such a request with 400 (or 401) and do not act on it.
 */
export class WebhookError extends VobizError {
  declare readonly code: 'WEBHOOK'
  /** Why the delivery was refused (never holds the key). */
  readonly reason: string | null

  constructor(message?: string, details: VobizErrorDetails = {}) {
    super(message, details)
    this.reason = orNull(details.reason)
  }
}

type ErrorClass = new (message?: string, details?: VobizErrorDetails) => VobizError

const CLASS_OF_KIND = new Map<string, ErrorClass>([
  ['VALIDATION', ValidationError],
  ['BAD_REQUEST', BadRequestError],
  ['AUTHENTICATION', AuthenticationError],
  ['PERMISSION_DENIED', PermissionDeniedError],
  ['NOT_FOUND', NotFoundError],
  ['CONFLICT', ConflictError],
  ['COOL_OFF', CoolOffError],
  ['UNPROCESSABLE', UnprocessableError],
  ['RATE_LIMITED', RateLimitError],
  ['INSUFFICIENT_BALANCE', InsufficientBalanceError],
  ['SERVER', ServerError],
  ['OUTCOME_UNKNOWN', OutcomeUnknownError],
  ['TIMEOUT', TimeoutError],
  ['TRANSPORT', TransportError],
  ['DECODE', DecodeError],
  ['WEBHOOK', WebhookError],
  ['REDIRECT', RedirectError],
  ['RESPONSE_TOO_LARGE', ResponseTooLargeError],
  ['INTERNAL', InternalError],
])
const KIND_OF = new Map<Function, VobizErrorCode>([...CLASS_OF_KIND].map(([kind, cls]) => [cls, kind as VobizErrorCode]))

for (const cls of [VobizError, ...CLASS_OF_KIND.values()]) {
  // On the prototype (not an own property), like the built-in errors.
  Object.defineProperty(cls.prototype, 'name', {
    value: cls.name,
    writable: true,
    enumerable: false,
    configurable: true,
  })
}

/** The addon's error report (`NativeErrorReport` in bindings-node/src/error.rs). */
interface Report {
  kind: string
  description: string
  message?: string
  status?: number
  apiCode?: string
  requestId?: string
  body?: string
  method?: string
  path?: string
  field?: string
  reason?: string
  attempts?: number
  location?: string
  limitBytes?: number
  retryAfterSecs?: number
  coolOffUntil?: string
  coolOffUntilMs?: number | null
  coolOffRemainingSecs?: number
  currentBalance?: string
  requestedAmount?: string
  currency?: string
  outcomeUnknown?: boolean
}

/** The typed error for the addon's report. */
function fromReport(report: Report): VobizError {
  const cls = CLASS_OF_KIND.get(report.kind) ?? VobizError
  // The report's absent fields are `undefined`, which the constructors read as `null`.
  const details = {
    code: report.kind,
    status: report.status,
    apiCode: report.apiCode,
    apiMessage: report.message,
    requestId: report.requestId,
    body: report.body,
    method: report.method,
    path: report.path,
    field: report.field,
    reason: report.reason,
    attempts: report.attempts,
    location: report.location,
    limitBytes: report.limitBytes,
    retryAfterSeconds: report.retryAfterSecs,
    coolOffUntil: report.coolOffUntilMs == null ? null : new Date(report.coolOffUntilMs),
    coolOffUntilText: report.coolOffUntil,
    remainingSeconds: report.coolOffRemainingSecs,
    currentBalance: report.currentBalance,
    requestedAmount: report.requestedAmount,
    currency: report.currency,
    outcomeUnknown: report.outcomeUnknown,
  } as VobizErrorDetails
  return new cls(report.description, details)
}

/**
 * The addon's error as a typed one; anything else unchanged.
 * @internal
 */
export function convertError(error: unknown): unknown {
  const report = error !== null && typeof error === 'object' ? (error as { vobiz?: unknown }).vobiz : undefined
  if (report !== null && typeof report === 'object' && typeof (report as Report).kind === 'string') {
    const typed = fromReport(report as Report)
    // Start the stack at the public call, not in this conversion.
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(typed, convertError)
    return typed
  }
  return error
}

/**
 * `fn()`, its addon error thrown as a typed one.
 * @internal
 */
export function call<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    throw convertError(error)
  }
}

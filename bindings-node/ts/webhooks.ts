// KYC webhooks: verifyWebhook(rawBody, headers, secret, { maxAgeMs }) → KycEvent.

import { call } from './convert.js'
import { native } from './loader.js'
import type { KycEvent } from './models.js'
import { optionalNumber, optionsOf, requireString } from './options.js'
import { Secret } from './secret.js'

import type * as Native from './native.js'

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

function headerText(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('latin1') : String(value)
}

/**
 * The request headers as `{ name, value }` pairs, from any common shape: Node's
 * `IncomingMessage.headers` (values may be arrays or undefined), a fetch `Headers`, a `Map`,
 * or `[name, value]` pairs. Matching the signature header is the core's.
 */
function headerPairs(headers: unknown): Native.WebhookHeader[] {
  if (headers === null || typeof headers !== 'object') {
    throw new TypeError('headers must be an object, a Headers, a Map or [name, value] pairs')
  }
  const entries: Iterable<unknown> =
    typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function' ? (headers as Iterable<unknown>) : Object.entries(headers)
  const pairs: Native.WebhookHeader[] = []
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
function rawBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (body instanceof ArrayBuffer) return Buffer.from(body)
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  throw new TypeError('body must be the raw request body (a Buffer, Uint8Array or string)')
}

/**
 * Verifies a KYC webhook delivery (`X-Vobiz-Signature: sha256=<hex>`, an HMAC-SHA256 of the
 * raw body, compared in constant time) and returns its event.
 *
 * `body` is the raw request body, byte for byte (a `Buffer` from
 * `express.raw({ type: 'application/json' })`, or its text), never a re-serialised object.
 * `headers` are the request headers (`req.headers`, a fetch `Headers`, …); the header name is
 * matched case-insensitively. `secret` is the auth token the sender signed with: the parent
 * account's for sub-account sessions, the partner's for partner sessions (a string or a
 * `Secret`). `options.maxAgeMs` refuses events older than that, judged by the event's own
 * `timestamp` (else `updatedAt`); `options.now` (a `Date`) replaces the clock, for tests.
 *
 * Throws a `WebhookError` when refused (its message never holds the key); a
 * `ValidationError` for an empty secret or a negative `maxAgeMs`.
 */
export function verifyWebhook(
  body: Uint8Array | ArrayBuffer | string,
  headers: WebhookHeaders,
  secret: string | Secret,
  options?: VerifyWebhookOptions,
): KycEvent {
  const raw = rawBody(body)
  const pairs = headerPairs(headers)
  const key = secret instanceof Secret ? secret.reveal() : requireString('secret', secret)
  const o = optionsOf('options', options, ['maxAgeMs', 'now'])
  if (o.now !== undefined && o.now !== null && !(o.now instanceof Date)) {
    throw new TypeError('options.now must be a Date')
  }
  const init = {
    maxAgeMs: optionalNumber('options.maxAgeMs', o.maxAgeMs),
    nowMs: o.now instanceof Date ? o.now.getTime() : undefined,
  } as Native.NativeVerifyOptions
  return call(() => native.verifyWebhook(raw, pairs, key, init)) as unknown as KycEvent
}

// The low-level HTTP engine (Transport) and its answers (Response), for routes the typed
// API does not cover.

import { inspect } from 'node:util'

import { type ClientConfigOptions, ClientConfig, type Credentials, ScopedCredentials } from './config.js'
import { call, convertError } from './convert.js'
import { ValidationError } from './errors.js'
import { type Inspect, type InspectOptions, inspectAs, nativeOf, setNative, wrap } from './handles.js'
import { native } from './loader.js'
import { optionalNumber, optionsOf, requireString } from './options.js'

import type * as Native from './native.js'

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

function queryText(key: string, value: unknown): string {
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
function queryPairs(query: unknown): Array<[string, string]> | undefined {
  if (query === undefined || query === null) return undefined
  if (typeof query !== 'object') {
    throw new TypeError('options.query must be an object or an iterable of [key, value] pairs')
  }
  const pairs: Array<[string, string]> = []
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return
    pairs.push([key, queryText(key, value)])
  }
  if (typeof (query as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const pair of query as Iterable<unknown>) {
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

/**
 * The JSON body as text, as `fetch` users expect (`toJSON`, `Date` → ISO string).
 * @internal
 */
export function jsonText(json: unknown): string | undefined {
  if (json === undefined) return undefined
  let text: string | undefined
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

/** A successful (2xx) answer. */
export class Response {
  private constructor() {
    throw new TypeError('Response objects are made by Transport.request')
  }

  /** The HTTP status (200, 201, 204…). */
  get status(): number {
    return nativeOf<Native.Response>(this).status
  }
  /** The request id from a response header, if any. */
  get requestId(): string | null {
    return nativeOf<Native.Response>(this).requestId ?? null
  }
  /** Response headers: lower-cased names, repeated headers joined with `', '`. */
  get headers(): Record<string, string> {
    return nativeOf<Native.Response>(this).headers
  }
  /** The body as text (invalid UTF-8 replaced). */
  get text(): string {
    return nativeOf<Native.Response>(this).text
  }
  /** The raw body (a Node `Buffer`). */
  get body(): Uint8Array {
    return nativeOf<Native.Response>(this).body
  }
  /**
   * The body parsed as JSON; `null` for an empty body. A body that is not JSON throws a
   * `DecodeError`. The type parameter is not checked at run time.
   */
  json<T = unknown>(): T {
    const answer = nativeOf<Native.Response>(this)
    return JSON.parse(call(() => answer.jsonText()))
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    // The body is left out: it can hold personal data.
    return inspectAs('Response', { status: this.status, requestId: this.requestId }, depth, options, inspect)
  }
}

/** Each transport's configuration. */
const CONFIG = new WeakMap<Transport, ClientConfig>()

/**
 * The low-level HTTP engine, for routes the typed API does not cover. Every core rule
 * applies: path segments are re-encoded (`+91…` is sent as `%2B91…`), only safe methods
 * (GET, PUT, DELETE) are retried, a POST whose answer is lost rejects with an
 * `OutcomeUnknownError`, credentials never follow a redirect to another origin.
 */
export class Transport {
  /** An engine for `config` (a `ClientConfig` or its options; default: the core defaults). */
  constructor(config?: ClientConfig | ClientConfigOptions) {
    const cfg = config instanceof ClientConfig ? config : new ClientConfig(config)
    const nativeConfig = nativeOf<Native.ClientConfig>(cfg)
    setNative(this, call(() => new native.Transport(nativeConfig)))
    CONFIG.set(this, cfg)
  }

  /** The configuration in force. */
  get config(): ClientConfig {
    return CONFIG.get(this) as ClientConfig
  }

  /**
   * Sends `method path` with `credentials`. `path` is an absolute API path
   * (`/api/v1/…`); a query string in it is kept. Resolves with the 2xx answer; rejects with
   * a `VobizError` subclass.
   */
  async request(
    credentials: Credentials,
    method: HttpMethod | Lowercase<HttpMethod>,
    path: string,
    options?: RequestOptions,
  ): Promise<Response> {
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
    } as Native.RequestInit
    const transport = nativeOf<Native.Transport>(this)
    let answer: Native.Response
    try {
      answer = await transport.request(nativeOf(credentials), method, path, init)
    } catch (error) {
      throw convertError(error)
    }
    return wrap(Response, answer)
  }

  /** @internal */
  [inspect.custom](depth: number, options: InspectOptions, inspect: Inspect): string {
    return inspectAs('Transport', { config: this.config }, depth, options, inspect)
  }
}

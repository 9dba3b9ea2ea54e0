// How a client method runs an operation of the core: the group objects and their native
// client, the preparation of the arguments, and the call.
//
// An operation's arguments (ids, amounts, request objects, filters, per-call options) are the
// core's to check: a wrong type, a typo'd key or a missing field is a ValidationError naming
// the field, and nothing is sent. This layer only makes sure every value reaches it as given
// (`prepare`): a value JSON cannot carry (NaN, Infinity, a bigint, a function, a Map, an
// invalid Date) would otherwise be dropped or turned into `null` (and the core would apply a
// default), so it is a ValidationError here, naming the field. The arguments cross to the
// addon as JSON text: measured faster than handing it the object (see NativeClient.call).

import { inspect } from 'node:util'

import { call, convertError } from './convert.js'
import { ValidationError } from './errors.js'
import type { InspectOptions } from './handles.js'
import { isOptionsObject, type Options } from './options.js'
import { AutoPager, type PagingOptions, pagingOptions } from './pager.js'
import { Secret, revive } from './secret.js'

import type * as Native from './native.js'

/** A calendar day: `'YYYY-MM-DD'`, or a `Date` (read as its UTC day). */
export type Day = string | Date

/**
 * An amount to send: a decimal string (exact: `'500.00'`, `'0.10'`) or a number (its
 * shortest decimal form is read exactly, so `0.1` is 0.1).
 */
export type Amount = string | number

/** Each client's and group's native client, kept off the instance so nothing prints it. */
const HANDLE = new WeakMap<object, Native.NativeClient>()

/** @internal */
export function setHandle(owner: object, handle: Native.NativeClient): void {
  HANDLE.set(owner, handle)
}

/** @internal */
export function handleOf(owner: object): Native.NativeClient {
  const handle = HANDLE.get(owner)
  if (handle === undefined) throw new TypeError('not a vobiz-partner client')
  return handle
}

/** The base of the method groups (`partner.customers`, `account.numbers`, …). */
export class Group {
  /** @internal */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    return options.stylize(`[${this.constructor.name}]`, 'special')
  }
}

/**
 * A group of `cls` over `handle` (frozen; made without running a constructor).
 * @internal
 */
export function group<T extends Group>(cls: { prototype: T }, handle: Native.NativeClient): T {
  const object = Object.create(cls.prototype) as T
  HANDLE.set(object, handle)
  return Object.freeze(object)
}

/** @internal */
export function invalid(field: string, reason: string): ValidationError {
  return new ValidationError(`invalid ${field}: ${reason}`, { field, reason })
}

/** An operation's arguments object (`{}` when absent); a ValidationError for anything else. */
function argsObject(name: string, value: unknown): Options {
  if (value === undefined || value === null) return {}
  if (!isOptionsObject(value)) throw invalid(name, 'must be an object')
  return value
}

/**
 * The options object `name` (`filters`, `options`, `request`…) with the positional arguments
 * `fixed`. An options key that is also a positional argument (`purchase(e164, { e164 })`) is
 * refused rather than silently overridden.
 */
function merge(name: string, options: unknown, fixed: Options): Options {
  const o = argsObject(name, options)
  const keys = Object.keys(fixed)
  if (keys.length === 0) return o
  const clash = keys.find((key) => Object.hasOwn(o, key))
  if (clash !== undefined) {
    throw new TypeError(`${name}.${clash} cannot be given: it is an argument of its own`)
  }
  return { ...o, ...fixed }
}

/** `perPage` → `per_page`: the core's name for an argument, as its errors say it. */
function snakeCase(key: string): string {
  return /^[a-z][A-Za-z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key
}

function fieldPath(path: string, key: string | number): string {
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
function prepare(value: unknown, path: string, key: string | number, seen: Set<unknown>): unknown {
  if (value instanceof Secret) return value.reveal()
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(path, 'is an invalid Date')
    return value.toISOString()
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    try {
      value = (value as { toJSON(key: string): unknown }).toJSON(String(key))
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
  let prepared: unknown
  if (Array.isArray(value)) {
    prepared = value.map((item, index) => prepare(item, fieldPath(path, index), index, seen))
  } else {
    const object: Options = {}
    for (const [k, item] of Object.entries(value as object)) {
      if (item === undefined) continue
      object[k] = prepare(item, fieldPath(path, k), k, seen)
    }
    prepared = object
  }
  seen.delete(value)
  return prepared
}

/**
 * `2026-01-05` for a `Date`: its UTC calendar day (`toISOString().slice(0, 10)`).
 * @internal
 */
export function dayText(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date'
  return date.toISOString().slice(0, 10)
}

/**
 * The operation's arguments as JSON text (`prepare`), a top-level `Date` (every date
 * argument of the API is a day) as `YYYY-MM-DD`. Nothing is sent when it throws.
 * @internal
 */
export function argsText(args: Options): string {
  const prepared: Options = {}
  const seen = new Set<unknown>([args])
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
 * Runs the operation `op` of `owner`'s native client with the positional arguments `fixed`
 * and, when it takes one, its options object `name`; resolves with its result.
 * @internal
 */
export async function run<T>(owner: object, op: string, fixed: Options, name?: string, options?: unknown): Promise<T> {
  const handle = handleOf(owner)
  const text = argsText(name === undefined ? fixed : merge(name, options, fixed))
  let result: unknown
  try {
    result = await handle.call(op, text)
  } catch (error) {
    throw convertError(error)
  }
  return revive(result) as T
}

/**
 * `run` for an operation that returns nothing; resolves with `undefined`.
 * @internal
 */
export async function runVoid(owner: object, op: string, fixed: Options, name?: string, options?: unknown): Promise<void> {
  await run(owner, op, fixed, name, options)
}

/**
 * Opens the list `op`: its arguments and `paging` are checked now, nothing is fetched until
 * the pager is read.
 * @internal
 */
export function openList<T>(
  owner: object,
  op: string,
  fixed: Options,
  name: string | undefined,
  options: unknown,
  paging: PagingOptions | undefined,
): AutoPager<T> {
  const handle = handleOf(owner)
  const text = argsText(name === undefined ? fixed : merge(name, options, fixed))
  const page = pagingOptions(paging)
  return AutoPager.open<T>(call(() => handle.list(op, text, page)))
}

// Checks of this package's own options and arguments (the client constructor, paging,
// `toArray`, the transport, the sandbox, `verifyWebhook`, the onboarding driver): a wrong
// type or an unknown key is a TypeError naming it, a count out of range a RangeError.
// Types only: the core checks the values. Messages never echo a value (it may be a secret).
// An operation's own arguments are checked by the core instead (calls.ts).

import { fileURLToPath } from 'node:url'

/** @internal */
export type Options = Record<string, unknown>

/** @internal */
export function requireString(name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${name} must be a string, got ${value === null ? 'null' : typeof value}`)
  }
  return value
}

/** @internal */
export function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  return requireString(name, value)
}

/** @internal */
export function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`)
  return value
}

/** @internal */
export function optionalNumber(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeof value}`)
  }
  return value
}

/** @internal */
export function optionalBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${typeof value}`)
  return value
}

/** A path given as text or a `file:` URL. @internal */
export function optionalPath(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (value instanceof URL) return fileURLToPath(value)
  return requireString(name, value)
}

/**
 * Whether `value` is an object whose own keys are its content (not an array, Date, Map…).
 * @internal
 */
export function isOptionsObject(value: unknown): value is Options {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Map) &&
    !(value instanceof Set)
  )
}

function requireOptions(name: string, value: unknown): Options {
  if (value === undefined || value === null) return {}
  if (!isOptionsObject(value)) throw new TypeError(`${name} must be an object`)
  return value
}

/**
 * Refuses every own key of `object` that is not in `known`: a typo'd option (`timout`) would
 * otherwise be ignored without a word. The message names the key, never its value.
 */
function knownKeys(name: string, object: Options, known: readonly string[]): Options {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new TypeError(`${name}.${key} is not an option here (known: ${known.join(', ')})`)
    }
  }
  return object
}

/**
 * This layer's own options object (`{}` when absent): a TypeError for anything else, and for
 * every key not in `known`.
 * @internal
 */
export function optionsOf(name: string, value: unknown, known: readonly string[]): Options {
  return knownKeys(name, requireOptions(name, value), known)
}

/**
 * A count of items or pages (`pageSize`, `maxItems`, `prefetch`, `limit`): absent, or a whole
 * number, 0 or more. NaN, ±Infinity, negative and fractional values throw a `RangeError`
 * naming the field (they would otherwise fall back to a default or be truncated).
 * @internal
 */
export function countOption(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`)
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number, 0 or more, got ${value}`)
  }
  return value
}

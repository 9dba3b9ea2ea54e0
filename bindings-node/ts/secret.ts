// Secret: a secret of a result (a token, a password, a link carrying a session token) that
// never prints; and the revival of the addon's secret markers into Secrets.

import { inspect } from 'node:util'

const REDACTED = '<redacted>'
const SECRET_MARKER = '$vobizSecret'

/** Each Secret's value: off the instance, and out of its declared type (which the result
 * models' structural `Secret` must stay assignable to). */
const VALUES = new WeakMap<Secret, string>()

/**
 * A secret of a result (a token, a password, a link carrying a session token). Only
 * `reveal()` returns it; `String()`, template literals, `JSON.stringify` and `util.inspect`
 * show `<redacted>`. The result models type their secret fields with the same shape
 * (models.d.ts), so either can be assigned to the other. A listed customer's or
 * sub-account's token is the API's own placeholder: `reveal()` gives `'<redacted>'`.
 */
export class Secret {
  constructor(value: string) {
    if (typeof value !== 'string') throw new TypeError('a Secret holds a string')
    VALUES.set(this, value)
  }

  /** The secret itself. Store it deliberately, never in a log. */
  reveal(): string {
    return VALUES.get(this) as string
  }

  /** `'<redacted>'`. */
  toString(): string {
    return REDACTED
  }

  /** `'<redacted>'`: `JSON.stringify` never writes the secret. */
  toJSON(): string {
    return REDACTED
  }

  /** @internal */
  [Symbol.toPrimitive](): string {
    return REDACTED
  }

  /** @internal */
  [inspect.custom](_depth: number, options: { stylize(text: string, style: string): string }): string {
    return options.stylize(REDACTED, 'special')
  }
}

/**
 * The native result with each `{"$vobizSecret": …}` marker turned into a `Secret`.
 * @internal
 */
export function revive<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i])
    return value
  }
  const object = value as Record<string, unknown>
  const keys = Object.keys(object)
  if (keys.length === 1 && keys[0] === SECRET_MARKER && typeof object[SECRET_MARKER] === 'string') {
    return new Secret(object[SECRET_MARKER]) as T
  }
  for (const key of keys) object[key] = revive(object[key])
  return value
}

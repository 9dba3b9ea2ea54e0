// The conversion of the addon's errors into the typed classes (errors.ts, generated from the
// core's error catalogue).
//
// napi cannot throw subclasses of Error (napi-rs#1981): the addon throws a plain Error whose
// `vobiz` property holds the core's redacted report — `code`, `description` and the
// catalogue's fields, camelCase (bindings-node/src/error.rs) — and `convertError` rethrows the
// class of its code (`fromReport`).

import { type ErrorReport, fromReport } from './errors.js'

function isReport(value: unknown): value is ErrorReport {
  return value !== null && typeof value === 'object' && typeof (value as { code?: unknown }).code === 'string'
}

/**
 * The addon's error as a typed one; anything else (a caller's own thrown value) unchanged.
 * @internal
 */
export function convertError(error: unknown): unknown {
  const report = error !== null && typeof error === 'object' ? (error as { vobiz?: unknown }).vobiz : undefined
  if (isReport(report)) {
    const typed = fromReport(report)
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

// The addon object behind each public object, kept off the instance so nothing can print
// it; and the shared shape of this package's `util.inspect` output.

/** Each public object's addon object. */
const NATIVE = new WeakMap<object, unknown>()

/**
 * The addon object of `object`.
 * @internal
 */
export function nativeOf<T>(object: object): T {
  return NATIVE.get(object) as T
}

/**
 * Sets the addon object of `object`.
 * @internal
 */
export function setNative(object: object, nativeObject: unknown): void {
  NATIVE.set(object, nativeObject)
}

/**
 * A `cls` instance over `nativeObject`, made without running its constructor.
 * @internal
 */
export function wrap<T extends object>(cls: { prototype: T }, nativeObject: unknown): T {
  const object = Object.create(cls.prototype) as T
  NATIVE.set(object, nativeObject)
  return object
}

/** What `util.inspect` hands a custom inspector. @internal */
export interface InspectOptions {
  depth: number | null
  stylize(text: string, style: string): string
}

/** `util.inspect` itself, as handed to a custom inspector. @internal */
export type Inspect = (value: unknown, options?: object) => string

/**
 * `Name { …fields }`, or `[Name]` below the inspection depth.
 * @internal
 */
export function inspectAs(name: string, fields: object, depth: number, options: InspectOptions, inspect: Inspect): string {
  if (depth < 0) return options.stylize(`[${name}]`, 'special')
  return `${name} ${inspect(fields, { ...options, depth: options.depth === null ? null : options.depth - 1 })}`
}

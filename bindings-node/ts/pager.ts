// AutoPager: the auto-paging lists of the list methods.

import { inspect } from 'node:util'

import { convertError } from './convert.js'
import type { Inspect, InspectOptions } from './handles.js'
import { countOption, optionsOf } from './options.js'
import { revive } from './secret.js'

import type * as Native from './native.js'

/**
 * How a list is walked. Each count must be a whole number, 0 or more (`RangeError`
 * otherwise, naming it); any other key is a `TypeError`.
 */
export interface PagingOptions {
  /** Items per page to ask for (default 100; capped at the endpoint's maximum). */
  pageSize?: number | undefined
  /** Stop after this many items (the whole list, across pages). */
  maxItems?: number | undefined
  /** Pages in flight at once once the total is known (default 4; items still come in order). */
  prefetch?: number | undefined
}

const PAGING_OPTIONS = ['pageSize', 'maxItems', 'prefetch']

/**
 * The paging options as the addon takes them; a TypeError or RangeError naming a bad one.
 * @internal
 */
export function pagingOptions(paging: unknown): Native.NativeListOptions {
  const o = optionsOf('paging', paging, PAGING_OPTIONS)
  return {
    pageSize: countOption('paging.pageSize', o.pageSize),
    maxItems: countOption('paging.maxItems', o.maxItems),
    prefetch: countOption('paging.prefetch', o.prefetch),
  } as Native.NativeListOptions
}

const PAGER_TOKEN = Symbol('AutoPager')

/**
 * An auto-paging list. `for await (const item of list)` reads every item, fetching pages
 * lazily (a batch at a time: the rest of a fetched page); `toArray({ limit })` collects
 * them. The `maxItems` paging option caps the whole list (enforced by the core). The list
 * methods check their arguments at once (a `ValidationError` is thrown synchronously,
 * nothing sent); request failures reject the read that needed the page, after the items
 * that preceded it, and end the list. One pass: iterate it once.
 */
export class AutoPager<T> {
  #pages: Native.NativePages
  #buffer: Array<T | undefined> = []
  #index = 0
  #done = false
  #closed = false
  #fetching: Promise<void> | null = null

  private constructor(token: symbol, pages: Native.NativePages) {
    if (token !== PAGER_TOKEN) throw new TypeError('AutoPager objects are made by the list methods')
    this.#pages = pages
  }

  /**
   * The pager over the addon's pages.
   * @internal
   */
  static open<T>(pages: Native.NativePages): AutoPager<T> {
    return new AutoPager<T>(PAGER_TOKEN, pages)
  }

  async #fetch(): Promise<void> {
    let batch: unknown[] | null
    try {
      batch = await this.#pages.nextBatch()
    } catch (error) {
      this.#done = true
      throw convertError(error)
    }
    if (this.#closed) return
    if (batch === null || batch === undefined) {
      this.#done = true
      return
    }
    this.#buffer = revive(batch) as T[]
    this.#index = 0
  }

  /** The next item (`{ done: true }` at the end). */
  async next(): Promise<IteratorResult<T, undefined>> {
    while (this.#index >= this.#buffer.length) {
      if (this.#done || this.#closed) return { done: true, value: undefined }
      if (this.#fetching === null) {
        this.#fetching = this.#fetch().finally(() => {
          this.#fetching = null
        })
      }
      await this.#fetching
    }
    const value = this.#buffer[this.#index] as T
    this.#buffer[this.#index] = undefined
    this.#index += 1
    return { done: false, value }
  }

  /** Stops the list (a `break` out of `for await` calls it); nothing more is fetched. */
  async return(value?: undefined): Promise<IteratorResult<T, undefined>> {
    this.#closed = true
    this.#buffer = []
    this.#index = 0
    return { done: true, value }
  }

  [Symbol.asyncIterator](): AutoPager<T> {
    return this
  }

  /**
   * The remaining items, at most `limit` of them (no further page is fetched once `limit`
   * are in hand; the rest stay readable). `limit` must be a whole number, 0 or more
   * (`RangeError` otherwise).
   */
  async toArray(options?: { limit?: number | undefined }): Promise<T[]> {
    const limit = countOption('options.limit', optionsOf('options', options, ['limit']).limit)
    const items: T[] = []
    while (limit === undefined || limit === null || items.length < limit) {
      const step = await this.next()
      if (step.done) break
      items.push(step.value)
    }
    return items
  }

  /** @internal */
  [inspect.custom](_depth: number, options: InspectOptions, inspect: Inspect): string {
    return `AutoPager ${inspect({ done: this.#closed || (this.#done && this.#index >= this.#buffer.length) }, options)}`
  }
}

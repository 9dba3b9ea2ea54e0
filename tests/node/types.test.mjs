// Keeps bindings-node/index.d.ts honest: a typed usage file must compile with `tsc --strict`
// (tsconfig.json), and the declared exports must be exactly the runtime ones.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'

import * as runtime from 'vobiz-partner'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('index.d.ts', () => {
  it('compiles the typed usage file with tsc --strict', async () => {
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
    const { code, output } = await new Promise((resolve) => {
      execFile(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: root }, (error, stdout, stderr) => {
        resolve({ code: error ? error.code : 0, output: `${stdout}${stderr}` })
      })
    })
    assert.equal(code, 0, output)
  })

  it('declares exactly what index.js exports', () => {
    // index.d.ts, the files it re-exports whole (`export * from './client.js'`), and the
    // values it re-exports by name (`export { Partner, type ClientOptions } from './clients.js'`)
    // that the named file declares.
    const read = (name) => readFileSync(new URL(`../../bindings-node/${name}`, import.meta.url), 'utf8')
    const declarations = (dts) => [...dts.matchAll(/^export declare (?:class|const|function) (\w+)/gm)].map((m) => m[1])
    const index = read('index.d.ts')
    const reexported = [...index.matchAll(/^export \* from '\.\/([\w-]+)\.js'/gm)].map((m) => read(`${m[1]}.d.ts`))
    const byName = [...index.matchAll(/^export \{([^}]*)\} from '\.\/([\w-]+)\.js'/gm)].flatMap(([, list, file]) => {
      const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('type '))
      const there = declarations(read(`${file}.d.ts`))
      return names.filter((name) => there.includes(name))
    })
    const declared = [...[index, ...reexported].flatMap(declarations), ...byName]
    const exported = Object.keys(runtime).filter((name) => name !== 'default')
    assert.deepEqual([...declared].sort(), [...exported].sort())
  })
})

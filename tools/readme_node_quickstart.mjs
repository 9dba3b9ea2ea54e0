#!/usr/bin/env node
// Extracts the Node quickstart from README.md, so what `make test-dist-node` runs is what the
// README shows: the first ```js / ```javascript / ```mjs block under "## Node quickstart".
//
//   node tools/readme_node_quickstart.mjs [--readme README.md] [--esm out.mjs] [--cjs out.cjs]
//
// --esm writes the block as it is (an ES module: `import … from 'vobiz-partner'`, top-level
// await). --cjs writes the same program for CommonJS: each `import` of 'vobiz-partner' becomes
// a `require`, and the rest runs in an async function (CommonJS has no top-level await);
// a rejection prints and exits 1. Without --esm/--cjs the block is printed.
// Anything it cannot translate (another import form) is an error, never a silent skip.

import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const HEADING = '## Node quickstart'
const LANGS = new Set(['js', 'javascript', 'mjs'])

export function extractQuickstart(markdown) {
  const lines = markdown.split(/\r?\n/)
  const start = lines.findIndex((line) => line.trim() === HEADING)
  if (start < 0) throw new Error(`README has no "${HEADING}" section`)
  let fence = null
  let body = []
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]
    if (fence === null) {
      if (/^##?\s/.test(line)) break // the next section: no block in this one
      const open = /^(```+)\s*([A-Za-z]*)\s*$/.exec(line)
      if (open) fence = { marks: open[1], lang: open[2].toLowerCase() }
      continue
    }
    if (line.trim() === fence.marks) {
      if (LANGS.has(fence.lang)) return body.join('\n') + '\n'
      fence = null
      body = []
      continue
    }
    body.push(line)
  }
  throw new Error(`no \`\`\`js, \`\`\`javascript or \`\`\`mjs block under "${HEADING}" in README`)
}

const IMPORT = /^import\s+(.+?)\s+from\s+(['"])vobiz-partner\2\s*;?\s*$/

/** The same program as CommonJS. */
export function toCommonJs(esm) {
  const requires = []
  const rest = []
  for (const line of esm.split('\n')) {
    const match = IMPORT.exec(line)
    if (match) {
      const clause = match[1].trim()
      const named = /^\{([^}]*)\}$/.exec(clause)
      const withDefault = /^([A-Za-z_$][\w$]*)\s*,\s*\{([^}]*)\}$/.exec(clause)
      const star = /^\*\s+as\s+([A-Za-z_$][\w$]*)$/.exec(clause)
      const bare = /^([A-Za-z_$][\w$]*)$/.exec(clause)
      const names = (list) => list.split(',').map((s) => s.trim()).filter(Boolean)
        .map((s) => s.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2')).join(', ')
      if (named) requires.push(`const { ${names(named[1])} } = require('vobiz-partner')`)
      else if (withDefault) {
        requires.push(`const ${withDefault[1]} = require('vobiz-partner')`)
        requires.push(`const { ${names(withDefault[2])} } = ${withDefault[1]}`)
      } else if (star || bare) requires.push(`const ${(star || bare)[1]} = require('vobiz-partner')`)
      else throw new Error(`cannot translate to CommonJS: ${line}`)
      continue
    }
    if (/^\s*(import|export)\b/.test(line) && !/^\s*import\s*\(/.test(line)) {
      throw new Error(`cannot translate to CommonJS: ${line}`)
    }
    rest.push(line)
  }
  if (requires.length === 0) throw new Error("the quickstart imports nothing from 'vobiz-partner'")
  return [
    "'use strict'",
    '// CommonJS twin of the README quickstart (tools/readme_node_quickstart.mjs).',
    ...requires,
    '',
    ';(async () => {',
    ...rest.map((line) => (line === '' ? '' : `  ${line}`)),
    '})().catch((error) => {',
    '  console.error(error)',
    '  process.exit(1)',
    '})',
    '',
  ].join('\n')
}

function main(argv) {
  const args = { readme: fileURLToPath(new URL('../README.md', import.meta.url)) }
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]
    if (!['--readme', '--esm', '--cjs'].includes(key) || argv[i + 1] === undefined) {
      throw new Error(`usage: readme_node_quickstart.mjs [--readme FILE] [--esm OUT.mjs] [--cjs OUT.cjs] (bad: ${key})`)
    }
    args[key.slice(2)] = argv[++i]
  }
  const esm = extractQuickstart(readFileSync(args.readme, 'utf8'))
  const cjs = toCommonJs(esm)
  if (args.esm) writeFileSync(args.esm, esm)
  if (args.cjs) writeFileSync(args.cjs, cjs)
  if (!args.esm && !args.cjs) process.stdout.write(esm)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2))
  } catch (error) {
    console.error(`readme_node_quickstart: ${error.message}`)
    process.exit(1)
  }
}

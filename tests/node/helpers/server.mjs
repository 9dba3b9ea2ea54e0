// A scripted loopback HTTP server for the Node tests: each test says what the next answers
// are (status, headers, body, or a custom action) and reads back the requests received.

import http from 'node:http'

/**
 * A step: `{ status, headers, body, delayMs }` (an object or array body is sent as JSON, a
 * string as is) or `(req, res, record) => void` for anything else. The last step repeats.
 */
export async function startServer() {
  const requests = []
  let steps = [{ status: 200, body: {} }]
  let served = 0
  const timers = new Set()

  const server = http.createServer(async (req, res) => {
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const record = {
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    }
    requests.push(record)
    const step = steps[Math.min(served, steps.length - 1)]
    served += 1
    if (typeof step === 'function') {
      step(req, res, record)
      return
    }
    const send = () => {
      timers.delete(timer)
      let body = step.body ?? ''
      const headers = { ...(step.headers ?? {}) }
      if (typeof body !== 'string') {
        body = JSON.stringify(body)
        headers['content-type'] ??= 'application/json'
      }
      res.writeHead(step.status ?? 200, headers)
      res.end(body)
    }
    const timer = setTimeout(send, step.delayMs ?? 0)
    timers.add(timer)
  })

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Scripts the next answers; the last one repeats. Clears the recorded requests. */
    respond(...next) {
      steps = next
      served = 0
      requests.length = 0
    },
    async close() {
      for (const timer of timers) clearTimeout(timer)
      // Without this, close() waits for the client's idle pooled sockets to time out.
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort() {
  const server = http.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A token that must never appear in anything the package prints or throws. */
export const CANARY = 'tokCANARY7f3e9a1b5c'

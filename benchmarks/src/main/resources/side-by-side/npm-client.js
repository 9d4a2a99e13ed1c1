'use strict'
// The npm package's side of the side-by-side scenario: N instances of reconnecting-socket with
// fibonacci backoff and the package's default randomisation, each a net.Socket to the server.
// Protocol with the harness (one line each, times from CLOCK_MONOTONIC in ns):
//   ALL_OPENED <t> <ns since the first start()>   every instance opened once
//   DROPPED <t>                                    every instance lost its connection
//   REOPENED <t>                                   every instance opened again (after each kill)
//   REPORT attempts=<n> rssBefore=<bytes> rssOpened=<bytes> lateP50=<ms> lateP90=<ms> timers=<n>
//                                                  on "report" from the harness; late*: how far behind
//                                                  its due time each timer (the backoff delays) ran,
//                                                  since the previous report
// It exits when its standard input closes.
const fs = require('fs')
const net = require('net')
const ReconnectingSocket = require('reconnecting-socket')

// The package's backoff delays are setTimeout calls (its dependency 'backoff'); wrapped to learn
// how far behind its own schedule the single event loop runs them.
let lateness = []
const realSetTimeout = global.setTimeout
global.setTimeout = function (callback, delay, ...args) {
  const due = Number(process.hrtime.bigint() / 1000000n) + (delay || 0)
  return realSetTimeout(function () {
    lateness.push(Number(process.hrtime.bigint() / 1000000n) - due)
    return callback.apply(this, arguments)
  }, delay, ...args)
}

function percentile (sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

const n = Number(process.argv[2])
const hosts = process.argv[3].split(',')
const port = Number(process.argv[4])
const initialDelay = Number(process.argv[5])
const maxDelay = Number(process.argv[6])

function rss () {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))
  return Number(line.replace(/[^0-9]/g, '')) * 1024
}

let opened = 0
let attempts = 0
let phase = 'first'
let rssOpened = 0
const rssBefore = rss()

function changed () {
  if (phase === 'first' && opened === n) {
    phase = 'opened'
    rssOpened = rss()
    console.log('ALL_OPENED ' + process.hrtime.bigint() + ' ' + (process.hrtime.bigint() - started))
  } else if (phase === 'opened' && opened === 0) {
    phase = 'dropped'
    console.log('DROPPED ' + process.hrtime.bigint())
  } else if (phase === 'dropped' && opened === n) {
    phase = 'opened' // ready for the next kill (--storms)
    console.log('REOPENED ' + process.hrtime.bigint())
  }
}

const sockets = []
for (let i = 0; i < n; i++) {
  const host = hosts[i % hosts.length]
  sockets.push(new ReconnectingSocket({
    name: 'rs-' + i,
    backoff: { strategy: 'fibonacci', initialDelay, maxDelay, randomisationFactor: 0.2 },
    create () {
      attempts++
      const socket = net.connect({ host, port })
      socket.once('close', this.close)
      socket.once('error', this.error)
      socket.once('connect', this.open)
      return socket
    },
    destroy (socket) {
      socket.destroy()
    },
    onopen (socket) {
      socket.wasOpened = true
      opened++
      changed()
    },
    onclose (socket) {
      if (socket && socket.wasOpened) {
        socket.wasOpened = false
        opened--
        changed()
      }
    }
  }))
}

let input = ''
process.stdin.on('data', (chunk) => {
  input += chunk
  if (input.includes('report\n')) {
    input = ''
    const sorted = lateness.sort((a, b) => a - b)
    lateness = []
    console.log('REPORT attempts=' + attempts + ' rssBefore=' + rssBefore + ' rssOpened=' + rssOpened +
      ' lateP50=' + percentile(sorted, 0.5) + ' lateP90=' + percentile(sorted, 0.9) + ' timers=' + sorted.length)
  }
})
process.stdin.on('end', () => process.exit(0))

const started = process.hrtime.bigint()
for (const socket of sockets) socket.start()

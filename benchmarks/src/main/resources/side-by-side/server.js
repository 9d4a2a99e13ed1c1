'use strict'
// The loopback server of the side-by-side scenario, the same for both clients: it listens on each
// given 127.x address on one port, accepts and holds every connection, and exits when its standard
// input closes (so that it never outlives the harness). It prints "LISTENING <port> <monotonic ns>";
// process.hrtime reads CLOCK_MONOTONIC, as Java's System.nanoTime() does on Linux, so the harness can
// subtract the two.
const net = require('net')

const hosts = process.argv[2].split(',')
let port = Number(process.argv[3])
const backlog = Number(process.argv[4])
for (const host of hosts) {
  if (!host.startsWith('127.')) throw new Error('loopback only: ' + host)
}
const held = []
let listening = 0

function listenOn (index) {
  const server = net.createServer((socket) => {
    socket.on('error', () => {})
    held.push(socket)
  })
  server.on('error', (error) => {
    console.log('ERROR ' + error.code)
    process.exit(1)
  })
  server.listen({ host: hosts[index], port, backlog }, () => {
    port = server.address().port
    if (++listening === hosts.length) {
      console.log('LISTENING ' + port + ' ' + process.hrtime.bigint())
    } else {
      listenOn(index + 1)
    }
  })
}

process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
listenOn(0)

'use strict';
// Shared by the node seed scripts: arguments, the JSON-lines report, waits,
// and a herald-dialect publisher standing in for each seed's server-side
// code (the part of a seed system that is not a client).
//
// Exit codes: 0 every required check passed, 1 a required check failed,
// 2 the script itself broke (timeout, exception), 3 it cannot run here.

const { parseArgs } = require('node:util');

let WebSocket;
try {
  WebSocket = require('ws');
} catch (error) {
  process.stdout.write(JSON.stringify({ error: 'the ws package is missing: ' + error.message }) + '\n');
  process.exit(3);
}

function options(extra = {}) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      mode: { type: 'string', default: 'seed' },
      // Who the stand-in for the seed's server side is, where the hub
      // requires tokens or keeps user.<id> channels to <id>.
      'publisher-token': { type: 'string' },
      // The token the seed's own client is given (seed 001's "your-auth-token").
      token: { type: 'string', default: 'jwt-or-api-key' },
      // Whose token it is, where the seed names the user apart (seed 002).
      'user-id': { type: 'string' },
      ...extra,
    },
  });
  if (!values.url) {
    process.stdout.write(JSON.stringify({ error: '--url ws://host:port/ws is required' }) + '\n');
    process.exit(2);
  }
  return values;
}

class Report {
  constructor(seed, variant, deadlineMs = 40000) {
    this.seed = seed;
    this.variant = variant;
    this.failed = 0;
    this.passed = 0;
    // A script never hangs a test run: past the deadline it reports and exits.
    setTimeout(() => this.abort('deadline of ' + deadlineMs + ' ms passed'), deadlineMs).unref();
    process.on('uncaughtException', (error) => this.abort('exception: ' + (error.stack || error)));
    process.on('unhandledRejection', (error) => this.abort('rejection: ' + (error && error.stack || error)));
  }

  line(object) {
    process.stdout.write(JSON.stringify({ seed: this.seed, variant: this.variant, ...object }) + '\n');
  }

  // A required check fails the script; an advisory one is reported only.
  check(name, ok, detail = '', advisory = false) {
    ok = Boolean(ok);
    if (ok) this.passed++;
    else if (!advisory) this.failed++;
    this.line({ check: name, ok, advisory, detail: typeof detail === 'string' ? detail : JSON.stringify(detail) });
    return ok;
  }

  finish() {
    this.line({ done: true, passed: this.passed, failed: this.failed });
    process.exit(this.failed ? 1 : 0);
  }

  abort(reason) {
    this.line({ done: true, aborted: reason, passed: this.passed, failed: this.failed + 1 });
    process.exit(2);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls until predicate() holds; false after timeoutMs.
async function waitFor(predicate, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (predicate()) return true;
    await sleep(10);
  }
  return Boolean(predicate());
}

function opened(socket, timeoutMs = 5000) {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.OPEN) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.addEventListener('open', () => { clearTimeout(timer); resolve(true); });
    socket.addEventListener('error', () => { clearTimeout(timer); resolve(false); });
  });
}

function closed(socket, timeoutMs = 5000) {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.addEventListener('close', () => { clearTimeout(timer); resolve(true); });
  });
}

// Deep equality of parsed JSON values (object key order does not matter).
function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(a[key], b[key]));
}

// The server side of a seed system, played through the hub's herald
// dialect: what the seed's backend published, we publish, so that the
// seed's client code sees it arrive.
class HeraldPublisher {
  constructor(url, token) {
    this.socket = new WebSocket(token ? `${url}?token=${encodeURIComponent(token)}` : url);
    this.replies = new Map();
    this.nextId = 1;
    this.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.id !== undefined && this.replies.has(frame.id)) {
        this.replies.get(frame.id)(frame);
        this.replies.delete(frame.id);
      }
    });
  }

  open() {
    return opened(this.socket);
  }

  // Resolves with the hub's reply: `published`, or `error` with the reason.
  publish(channel, event, data, timeoutMs = 5000) {
    const id = 'pub-' + this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.replies.delete(id); resolve({ type: 'timeout' }); }, timeoutMs);
      this.replies.set(id, (frame) => { clearTimeout(timer); resolve(frame); });
      this.socket.send(JSON.stringify({ type: 'publish', id, data: { channel, event, data } }));
    });
  }

  close() {
    this.socket.close();
  }
}

module.exports = { WebSocket, options, Report, sleep, waitFor, opened, closed, sameJson, HeraldPublisher };

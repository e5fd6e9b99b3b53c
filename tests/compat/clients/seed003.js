'use strict';
// Seed 003 (course pub/sub), TypeScript: the seed's own pubsub-client.ts,
// PubSubClient, with its types stripped and its URL pointed at the hub. It
// speaks the `rooms` dialect and orders `message` frames by `sequence`
// from the `sequence` of its `subscribed` frame ((msg.sequence || 0) + 1),
// buffering any that come early. Its display must see every message once,
// in order, with nothing left in the buffer. seed003.py does the same with
// the seed's Python client, which is stricter (a missing or null sequence
// raises there).

const { WebSocket, options, Report, waitFor } = require('./compat');

const args = options();
const report = new Report('003', 'ts-' + args.mode);

// The seed's client logs with console.log; this records the lines.
const LOG = [];
// eslint-disable-next-line no-shadow
const console = {
  log: (...parts) => { LOG.push(parts.join(' ')); process.stderr.write(parts.join(' ') + '\n'); },
  error: (...parts) => { LOG.push(parts.join(' ')); process.stderr.write(parts.join(' ') + '\n'); },
};

// --- The seed's client (003, "pubsub-client.ts"), types stripped ---
class PubSubClient {
  constructor(url, userId) {
    this.url = url;
    this.ws = null;
    this.messageBuffer = new Map();
    this.expectedSequence = new Map();
    this.reconnectAttempts = 0;
    this.maxReconnectAttempts = 5;
    this.userId = userId || `user-${Math.random().toString(36).substring(7)}`;
  }

  connect() {
    this.ws = new WebSocket(this.url);

    this.ws.on('open', () => {
      console.log(`Connected as ${this.userId}`);
      this.reconnectAttempts = 0;
    });

    this.ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      this.handleMessage(msg);
    });

    this.ws.on('close', () => {
      console.log('Disconnected. Attempting to reconnect...');
      this.reconnect();
    });

    this.ws.on('error', (err) => {
      console.error('WebSocket error:', err);
    });
  }

  handleMessage(msg) {
    switch (msg.type) {
      case 'subscribed':
        this.expectedSequence.set(msg.room, (msg.sequence || 0) + 1);
        console.log(`Subscribed to ${msg.room} at sequence ${msg.sequence}`);
        break;

      case 'message':
        this.handleOrderedMessage(msg.room, msg);
        break;

      case 'presence':
        console.log(`${msg.userId} ${msg.action}ed`);
        break;

      case 'history':
        console.log(`Received ${msg.messages.length} historical messages`);
        msg.messages.forEach((m) => this.displayMessage(m));
        break;
    }
  }

  handleOrderedMessage(room, msg) {
    const seq = msg.sequence;

    // Initialize buffer if needed
    if (!this.messageBuffer.has(room)) {
      this.messageBuffer.set(room, new Map());
    }
    const buffer = this.messageBuffer.get(room);
    const expected = this.expectedSequence.get(room) || 1;

    if (seq === expected) {
      // Expected message - deliver immediately
      this.displayMessage(msg);
      this.expectedSequence.set(room, seq + 1);

      // Check buffer for next messages
      this.deliverBufferedMessages(room);
    } else if (seq > expected) {
      // Future message - buffer it
      buffer.set(seq, msg);
      console.log(`Buffered message ${seq} (expecting ${expected})`);
    }
    // seq < expected: old message, ignore
  }

  deliverBufferedMessages(room) {
    const buffer = this.messageBuffer.get(room);
    if (!buffer) return;

    const expected = this.expectedSequence.get(room) || 1;

    while (buffer.has(expected)) {
      const msg = buffer.get(expected);
      this.displayMessage(msg);
      buffer.delete(expected);
      this.expectedSequence.set(room, expected + 1);
    }
  }

  displayMessage(msg) {
    console.log(`[${msg.sequence}] ${msg.sender}: ${msg.content}`);
  }

  subscribe(room) {
    this.send({ type: 'subscribe', room, userId: this.userId });
  }

  unsubscribe(room) {
    this.send({ type: 'unsubscribe', room });
  }

  publish(room, content) {
    this.send({
      type: 'publish',
      room,
      sender: this.userId,
      content,
    });
  }

  getHistory(room) {
    this.send({ type: 'get_history', room });
  }

  send(payload) {
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(payload));
    } else {
      console.error('WebSocket not connected');
    }
  }

  reconnect() {
    if (this.reconnectAttempts < this.maxReconnectAttempts) {
      this.reconnectAttempts++;
      const delay = Math.min(1000 * Math.pow(2, this.reconnectAttempts), 30000);
      setTimeout(() => this.connect(), delay);
    } else {
      console.error('Max reconnection attempts reached');
    }
  }
}

// The seed's client, plus a record of what it handled and displayed.
class ObservedClient extends PubSubClient {
  constructor(url, userId) {
    super(url, userId);
    this.frames = [];
    this.shown = [];
    this.historyShown = [];
    this.crashes = [];
    this.inHistory = false;
    this.stopped = false;
  }

  handleMessage(msg) {
    this.frames.push(msg);
    this.inHistory = msg.type === 'history';
    try {
      super.handleMessage(msg);
    } catch (error) {
      this.crashes.push(String(error));
    } finally {
      this.inHistory = false;
    }
  }

  displayMessage(msg) {
    super.displayMessage(msg);
    (this.inHistory ? this.historyShown : this.shown).push(msg);
  }

  // The seed reconnects after every close; a finished test does not.
  reconnect() {
    if (!this.stopped) super.reconnect();
  }

  ofType(type) {
    return this.frames.filter((f) => f.type === type);
  }

  buffered() {
    let count = 0;
    for (const buffer of this.messageBuffer.values()) count += buffer.size;
    return count;
  }

  close() {
    this.stopped = true;
    this.ws.close();
  }
}

const contents = (messages) => messages.map((m) => [m.sender, m.content]);
const consecutive = (messages, first) => messages.every((m, i) => m.sequence === first + i);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const presence = (client, userId, action) =>
  client.ofType('presence').some((p) => p.userId === userId && p.action === action);

(async () => {
  const room = `general-ts-${process.pid}`;
  const alice = new ObservedClient(args.url, 'alice');
  const bob = new ObservedClient(args.url, 'bob');
  alice.connect();
  bob.connect();
  await waitFor(() => alice.ws.readyState === WebSocket.OPEN && bob.ws.readyState === WebSocket.OPEN);

  alice.subscribe(room);
  const subscribed = await waitFor(() => alice.ofType('subscribed').length > 0, 3000);
  const first = subscribed ? alice.ofType('subscribed')[0] : {};
  report.check('subscribed-with-room-and-sequence',
    subscribed && first.room === room && Number.isInteger(first.sequence),
    subscribed ? first : alice.frames.slice(0, 3));
  if (!subscribed) {
    report.check('no-client-exceptions', alice.crashes.length === 0, alice.crashes);
    alice.close();
    bob.close();
    report.finish();
  }
  const start = first.sequence || 0;

  bob.subscribe(room);
  await waitFor(() => bob.ofType('subscribed').length > 0);
  report.check('presence-join-seen', await waitFor(() => presence(alice, 'bob', 'join')), alice.ofType('presence'));

  // "Test 3: Message Ordering": send rapidly, see [1], [2], [3]… in order.
  const sent = ['msg1', 'msg2', 'msg3', 'msg4', 'msg5'];
  for (const text of sent) alice.publish(room, text);
  await waitFor(() => alice.shown.length >= 5 && bob.shown.length >= 5);
  for (const [name, client] of [['alice', alice], ['bob', bob]]) {
    report.check(`ordered-no-gaps-${name}`,
      same(contents(client.shown), sent.map((t) => ['alice', t])) && consecutive(client.shown, start + 1) &&
      client.buffered() === 0,
      { shown: contents(client.shown), buffered: client.buffered() });
  }
  report.check('never-buffered', !LOG.some((line) => line.startsWith('Buffered message')),
    LOG.filter((line) => line.startsWith('Buffered')).slice(0, 3));

  // A late subscriber starts from the room's current sequence.
  const carol = new ObservedClient(args.url, 'carol');
  carol.connect();
  await waitFor(() => carol.ws.readyState === WebSocket.OPEN);
  carol.subscribe(room);
  await waitFor(() => carol.ofType('subscribed').length > 0);
  const late = carol.ofType('subscribed').slice(0, 1);
  report.check('late-subscribed-sequence-is-current', late.length === 1 && late[0].sequence === start + 5, late);
  bob.publish(room, 'hello');
  await waitFor(() => carol.shown.length >= 1 && alice.shown.length >= 6);
  report.check('late-subscriber-displays-next-at-once',
    same(contents(carol.shown), [['bob', 'hello']]) && consecutive(carol.shown, start + 6) && carol.buffered() === 0,
    contents(carol.shown));

  // "Test 1": /history shows the previous messages (last N, oldest first).
  carol.getHistory(room);
  await waitFor(() => carol.ofType('history').length > 0);
  const history = carol.ofType('history').slice(0, 1);
  report.check('history-last-n-in-order',
    history.length === 1 && history[0].room === room &&
    same(contents(carol.historyShown), [...sent.map((t) => ['alice', t]), ['bob', 'hello']]) &&
    consecutive(carol.historyShown, start + 1),
    contents(carol.historyShown));

  // "Test 4: Presence Tracking": leave on unsubscribe and on disconnect.
  bob.unsubscribe(room);
  report.check('presence-leave-on-unsubscribe', await waitFor(() => presence(alice, 'bob', 'leave')),
    alice.ofType('presence'));
  alice.publish(room, 'after bob left');
  await waitFor(() => carol.shown.length >= 2);
  report.check('no-delivery-after-unsubscribe',
    same(bob.shown.slice(-1).map((m) => m.content), ['hello']), contents(bob.shown));
  carol.close();
  report.check('presence-leave-on-disconnect', await waitFor(() => presence(alice, 'carol', 'leave')),
    alice.ofType('presence'));

  const crashes = [...alice.crashes, ...bob.crashes, ...carol.crashes];
  report.check('no-client-exceptions', crashes.length === 0, crashes);
  alice.close();
  bob.close();
  report.finish();
})();

'use strict';
// Seed 004 (HushNet): the HushNetClient's own event handling, with its URL
// pointed at the hub. It connects with ?user_id=<uuid>, sends nothing but an
// optional {"type":"ping"}, JSON.parse()s every frame and switches on its
// `type` (message / session / device). HushNet's server sent each user, as
// is, the NOTIFY payloads whose user_id was theirs.
//
// The payloads are published here the way Herald's PostgreSQL bridge does
// (route user.{user_id}, event = the payload's type, data = the payload),
// so this checks the hub's side; tst_pgbridge checks the bridge's.
//
// --mode seed: the seed's URL unchanged (?user_id=<uuid>).
// --mode raw-url: the URL changed to ?user_id=<uuid>&protocol=raw&c=user.<uuid>.

const crypto = require('node:crypto');
const { WebSocket, options, Report, waitFor, opened, sameJson, HeraldPublisher } = require('./compat');

const args = options();
const report = new Report('004', args.mode);
const base = args.url;

function urlFor(userId) {
  if (args.mode === 'raw-url')
    return `${base}?user_id=${userId}&protocol=raw&c=user.${userId}`;
  return `${base}?user_id=${userId}`;
}

// --- The seed's client ("Client Implementation", HushNetClient), with the
// fetches its handlers make replaced by a record of what they were given ---
class HushNetClient {
  constructor(userId) {
    this.userId = userId;
    this.events = [];
    this.frames = [];
    this.parseFailures = 0;
    this.connect();
  }

  connect() {
    const wsUrl = urlFor(this.userId);
    this.ws = new WebSocket(wsUrl);

    this.ws.onmessage = (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        // "Message Parsing Errors": the seed logs and keeps listening.
        this.parseFailures++;
        return;
      }
      this.frames.push(data);
      this.handleEvent(data);
    };
  }

  handleEvent(event) {
    switch (event.type) {
      case 'message':
        this.onNewMessage(event);
        break;
      case 'session':
        this.onNewSession(event);
        break;
      case 'device':
        this.onDeviceUpdate(event);
        break;
    }
  }

  onNewMessage(event) { this.events.push({ handler: 'message', chat_id: event.chat_id, event }); }
  onNewSession(event) { this.events.push({ handler: 'session', event }); }
  onDeviceUpdate(event) { this.events.push({ handler: 'device', user_id: event.user_id, event }); }

  close() {
    this.ws.close();
  }
}

// The payloads of the seed's triggers (json_build_object(...)::text).
function payloadsFor(userId) {
  return [
    { type: 'message', chat_id: crypto.randomUUID(), user_id: userId },
    { type: 'session', user_id: userId, sender_device_id: crypto.randomUUID(), receiver_device_id: crypto.randomUUID() },
    { type: 'device', user_id: userId },
  ];
}

(async () => {
  const userA = crypto.randomUUID();
  const userB = crypto.randomUUID();
  const a = new HushNetClient(userA);
  const b = new HushNetClient(userB);
  report.check('connect-with-user-id-query', (await opened(a.ws)) && (await opened(b.ws)));

  const bridge = new HeraldPublisher(base, args['publisher-token']);
  await bridge.open();
  // Publish as the bridge does. Nothing tells this script when the hub has
  // set up the users' routes, so a probe payload is repeated until A sees
  // one (or the wait ends: the route does not exist).
  const probe = { type: 'device', user_id: userA, probe: true };
  let lastProbe = 0;
  const routed = await waitFor(() => {
    if (a.events.length === 0 && Date.now() - lastProbe >= 100) {
      lastProbe = Date.now();
      bridge.publish(`user.${userA}`, 'device', probe);
    }
    return a.events.length > 0;
  }, 4000);
  report.check('user-id-routes-to-user-channel', routed,
    routed ? '' : `nothing for user.${userA} reached ?user_id=${userA}; frames: ${JSON.stringify(a.frames).slice(0, 300)}`);
  if (!routed) {
    bridge.close(); a.close(); b.close();
    report.finish();
  }

  const forA = payloadsFor(userA);
  const forB = [{ type: 'message', chat_id: crypto.randomUUID(), user_id: userB }];
  for (const payload of forA) await bridge.publish(`user.${userA}`, payload.type, payload);
  for (const payload of forB) await bridge.publish(`user.${userB}`, payload.type, payload);

  // Probes still in flight may arrive late: they are not part of the check.
  const fromA = () => a.events.filter((e) => !e.event.probe);
  await waitFor(() => fromA().length >= forA.length && b.events.length >= forB.length);
  const gotA = fromA();
  report.check('payloads-verbatim-in-order',
    gotA.length === forA.length && gotA.every((e, i) => sameJson(e.event, forA[i])),
    gotA.map((e) => e.event));
  report.check('dispatched-by-type',
    gotA.map((e) => e.handler).join(',') === 'message,session,device' &&
    gotA[0].chat_id === forA[0].chat_id && gotA[2].user_id === userA,
    gotA.map((e) => e.handler).join(','));
  report.check('other-user-gets-only-theirs',
    b.events.length === 1 && sameJson(b.events[0].event, forB[0]) &&
    a.events.every((e) => e.event.user_id === userA),
    `b got ${b.events.length}`);

  // "Stale Connection Detection": the client pings; the connection must
  // stay up (whatever comes back is ignored by the switch).
  a.ws.send(JSON.stringify({ type: 'ping' }));
  const last = { type: 'device', user_id: userA, last: true };
  await bridge.publish(`user.${userA}`, 'device', last);
  report.check('ping-keeps-connection',
    await waitFor(() => a.events.some((e) => e.event.last)) && a.ws.readyState === WebSocket.OPEN);

  report.check('every-frame-is-json', a.parseFailures + b.parseFailures === 0);
  // HushNet sent nothing but payloads. Frames of other types are ignored by
  // the switch, but a React hook that stores the last frame would see them.
  const foreign = [...a.frames, ...b.frames].filter((f) => !['message', 'session', 'device'].includes(f.type));
  report.check('only-payload-frames', foreign.length === 0,
    [...new Set(foreign.map((f) => f.type))].join(','), true);

  bridge.close();
  a.close();
  b.close();
  report.finish();
})();

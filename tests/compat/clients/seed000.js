'use strict';
// Seed 000 (MemoriesDB hub): the page's own code, with only its URL pointed
// at the hub. It subscribes with ?c=updates&c=notifications at connect,
// publishes {method:'pub', params:{channel, content}}, and JSON.parse()s
// every frame it gets. The seed does not fix the delivery's shape, so the
// check is that each publication arrives parsed, once, carrying the content
// unchanged (Herald puts it in `data`, next to `channel`).

const { WebSocket, options, Report, waitFor, opened, sameJson } = require('./compat');

const args = options();
const report = new Report('000', args.mode);
const base = args.url;

// --- The seed's page (000, "Client-Side (JavaScript)"), one per instance ---
function page(query) {
  const received = [];
  let parseFailures = 0;
  // Connect to WebSocket server and subscribe to channels
  const ws = new WebSocket(`${base}?${query}`);

  // Handle incoming messages
  ws.onmessage = (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch (error) {
      parseFailures++;
      return;
    }
    received.push(data);
  };

  // Publish a message
  function publish(channel, content) {
    ws.send(JSON.stringify({
      method: 'pub',
      params: {
        channel: channel,
        content: content,
      },
    }));
  }
  return { ws, received, publish, parseFailures: () => parseFailures };
}

// The seed's reconnection example connects with ?c=updates only.
function connectWebSocket() {
  return page('c=updates');
}

function carrying(received, channel, content) {
  return received.filter((frame) => frame && frame.channel === channel && sameJson(frame.data, content));
}

(async () => {
  const a = page('c=updates&c=notifications');
  const b = connectWebSocket();
  report.check('connect-with-c-query', (await opened(a.ws)) && (await opened(b.ws)),
    'ws://…/ws?c=updates&c=notifications and ?c=updates open');
  // Subscriptions from ?c= are made at connect; a frame published right
  // after the open must already reach them.
  const update = { kind: 'memory', id: 'm-1', text: 'hello from 000', tags: ['a', 'b'] };
  a.publish('updates', update);
  const bothGotUpdate = await waitFor(() =>
    carrying(a.received, 'updates', update).length === 1 && carrying(b.received, 'updates', update).length === 1);
  report.check('publish-method-pub-reaches-subscribers', bothGotUpdate,
    `a got ${carrying(a.received, 'updates', update).length}, b got ${carrying(b.received, 'updates', update).length}`);

  const notice = 'plain string content';
  a.publish('notifications', notice);
  const aGotNotice = await waitFor(() => carrying(a.received, 'notifications', notice).length === 1);
  report.check('second-c-channel-subscribed', aGotNotice, 'content of a string published to notifications');

  // b is on updates only: a marker on updates tells when b has seen
  // everything published before it.
  const marker = { marker: 1 };
  a.publish('updates', marker);
  await waitFor(() => carrying(b.received, 'updates', marker).length === 1);
  report.check('no-delivery-outside-subscriptions', carrying(b.received, 'notifications', notice).length === 0,
    'b subscribed only to updates');

  // Ephemeral messaging: a client connecting later gets nothing old.
  const late = connectWebSocket();
  await opened(late.ws);
  const marker2 = { marker: 2 };
  a.publish('updates', marker2);
  await waitFor(() => carrying(late.received, 'updates', marker2).length === 1);
  report.check('ephemeral-no-replay-at-connect',
    carrying(late.received, 'updates', update).length === 0 && carrying(late.received, 'updates', marker2).length === 1,
    'a late subscriber receives only what is published after it connected');

  // The reconnection example: close, connect again with the same URL.
  b.ws.close();
  const again = connectWebSocket();
  await opened(again.ws);
  const afterReconnect = { after: 'reconnect' };
  a.publish('updates', afterReconnect);
  report.check('reconnect-resubscribes-from-url',
    await waitFor(() => carrying(again.received, 'updates', afterReconnect).length === 1));

  const failures = a.parseFailures() + b.parseFailures() + late.parseFailures() + again.parseFailures();
  report.check('every-frame-is-json', failures === 0, `${failures} frame(s) failed JSON.parse`);

  for (const p of [a, late, again]) p.ws.close();
  report.finish();
})();

'use strict';
// Seed 002 (WebSocketService): the browser client's own code, with its URL
// pointed at the hub. It subscribes with {"type":"subscribe","topics":[…]}
// and switches on message.type, handing message.data to its handlers. The
// server side (NotificationService) publishes {type, data} objects to dotted
// topics; a herald-dialect publisher plays it: event = type, data = data.

const { WebSocket, options, Report, waitFor, opened, sameJson, HeraldPublisher } = require('./compat');

const args = options();
const report = new Report('002', args.mode);
const base = args.url;

// The seed's userId and authToken are the deployment's: the hub is told the
// token stands for that user.
const userId = args['user-id'] ?? 'u' + process.pid;
const roomId = 'r' + process.pid;
const authToken = args.token;

const shown = { notification: [], system_notification: [], chat_message: [], unknown: [] };
const displayNotification = (data) => shown.notification.push(data);
const displaySystemAlert = (data) => shown.system_notification.push(data);
const addMessageToChat = (data) => shown.chat_message.push(data);

// --- The seed's client (002, "Client-Side Integration") ---
const connectWebSocket = (authToken) => {
  // Create WebSocket connection
  const socket = new WebSocket(`${base}?token=${authToken}`);

  // Set up event handlers
  socket.onopen = () => {
    // Subscribe to topics
    socket.send(
      JSON.stringify({
        type: 'subscribe',
        topics: [
          `user.${userId}.notifications`,
          'system.notifications',
          `room.${roomId}.messages`,
        ],
      }),
    );
  };

  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);

    switch (message.type) {
      case 'notification':
        displayNotification(message.data);
        break;
      case 'system_notification':
        displaySystemAlert(message.data);
        break;
      case 'chat_message':
        addMessageToChat(message.data);
        break;
      default:
        shown.unknown.push(message.type);
    }
  };

  return socket;
};

(async () => {
  const socket = connectWebSocket(authToken);
  const open = await opened(socket);
  report.check('connect-with-token-query', open, '?token= is accepted');
  // The client sends no request id and waits for nothing: the hub's
  // `subscribed` reply (seen as an unknown type by the switch) tells us
  // the topics are live before the server side publishes.
  report.check('subscribe-with-topics-accepted', await waitFor(() => shown.unknown.includes('subscribed')),
    'a subscribe reply came back', true);
  report.check('no-error-reply', !shown.unknown.includes('error'), shown.unknown.join(','));

  const server = new HeraldPublisher(base, args['publisher-token']);
  await server.open();
  // NotificationService: sendUserNotification, broadcastSystemNotification, sendRoomMessage.
  const notifications = [
    { id: 'n1', title: 'Welcome', body: 'first' },
    { id: 'n2', title: 'Again', body: 'second', meta: { n: 2, flags: [true, false, null] } },
  ];
  const system = { id: 's1', level: 'warning', text: 'maintenance at 22:00' };
  const chat = { id: 'c1', roomId, sender: 'alice', text: 'hi all' };
  const replies = [];
  for (const n of notifications)
    replies.push(await server.publish(`user.${userId}.notifications`, 'notification', n));
  replies.push(await server.publish('system.notifications', 'system_notification', system));
  replies.push(await server.publish(`room.${roomId}.messages`, 'chat_message', chat));
  // Someone else's topic: must not reach this client.
  replies.push(await server.publish('user.someone-else.notifications', 'notification', { id: 'x' }));
  report.check('server-side-publish-accepted', replies.every((r) => r.type === 'published'),
    replies.map((r) => r.type).join(','));

  await waitFor(() => shown.notification.length >= 2 && shown.system_notification.length >= 1 &&
    shown.chat_message.length >= 1);
  report.check('notification-data-exact-and-ordered',
    shown.notification.length === 2 && sameJson(shown.notification[0], notifications[0]) &&
    sameJson(shown.notification[1], notifications[1]), shown.notification);
  report.check('system-notification-data-exact',
    shown.system_notification.length === 1 && sameJson(shown.system_notification[0], system), shown.system_notification);
  report.check('chat-message-data-exact',
    shown.chat_message.length === 1 && sameJson(shown.chat_message[0], chat), shown.chat_message);

  // A marker on our own topic: once it is shown, anything for the other
  // user's topic would have arrived too.
  await server.publish(`user.${userId}.notifications`, 'notification', { id: 'marker' });
  await waitFor(() => shown.notification.length >= 3);
  report.check('only-subscribed-topics',
    shown.notification.every((n) => n.id !== 'x'), shown.notification.map((n) => n.id).join(','));
  // What the default branch logged ("Unknown message type"): hub replies
  // and presence events, harmless to this client.
  report.check('unknown-types-logged-by-default-branch', true, [...new Set(shown.unknown)].join(','), true);

  server.close();
  socket.close();
  report.finish();
})();

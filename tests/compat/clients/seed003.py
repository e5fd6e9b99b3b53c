#!/usr/bin/python3
"""Seed 003 (course pub/sub), Python: the seed's own pubsub_client.py,
PubSubClient, with its URL pointed at the hub. It speaks the `rooms`
dialect: subscribe with room + userId, publish with room + sender +
content, get_history; it orders `message` frames by `sequence`, starting
from the `sequence` of its `subscribed` frame, and buffers any that come
early. Its display must see every message once, in order, with nothing
left in the buffer.
"""

import asyncio
import json
import os
import sys
import time
from typing import Dict, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compat  # noqa: E402
import websockets  # noqa: E402
from websockets.client import WebSocketClientProtocol  # noqa: E402

LOG = []


def print(*args, **kwargs):  # noqa: A001 - the seed's client prints; we record
    line = " ".join(str(a) for a in args)
    LOG.append(line)
    sys.stderr.write(line + "\n")


# --- The seed's client (003, "pubsub_client.py"), unchanged ---
class PubSubClient:
    def __init__(self, url: str, user_id: Optional[str] = None):
        self.url = url
        self.user_id = user_id or f"user-{int(time.time())}"
        self.ws: Optional[WebSocketClientProtocol] = None
        self.message_buffer: Dict[str, Dict[int, dict]] = {}
        self.expected_sequence: Dict[str, int] = {}
        self.reconnect_attempts = 0
        self.max_reconnect_attempts = 5

    async def connect(self):
        try:
            self.ws = await websockets.connect(self.url)
            print(f"Connected as {self.user_id}")
            self.reconnect_attempts = 0
            asyncio.create_task(self.listen())
        except Exception as e:
            print(f"Connection failed: {e}")
            await self.reconnect()

    async def listen(self):
        if not self.ws:
            return

        try:
            async for message in self.ws:
                data = json.loads(message)
                await self.handle_message(data)
        except websockets.exceptions.ConnectionClosed:
            print("Disconnected. Attempting to reconnect...")
            await self.reconnect()

    async def handle_message(self, msg: dict):
        msg_type = msg.get("type")

        if msg_type == "subscribed":
            room = msg["room"]
            self.expected_sequence[room] = msg.get("sequence", 0) + 1
            print(f"Subscribed to {room} at sequence {msg.get('sequence', 0)}")

        elif msg_type == "message":
            await self.handle_ordered_message(msg["room"], msg)

        elif msg_type == "presence":
            print(f"{msg['userId']} {msg['action']}ed")

        elif msg_type == "history":
            print(f"Received {len(msg['messages'])} historical messages")
            for m in msg["messages"]:
                self.display_message(m)

    async def handle_ordered_message(self, room: str, msg: dict):
        seq = msg["sequence"]

        if room not in self.message_buffer:
            self.message_buffer[room] = {}

        buffer = self.message_buffer[room]
        expected = self.expected_sequence.get(room, 1)

        if seq == expected:
            # Expected message - deliver immediately
            self.display_message(msg)
            self.expected_sequence[room] = seq + 1

            # Check buffer for next messages
            await self.deliver_buffered_messages(room)

        elif seq > expected:
            # Future message - buffer it
            buffer[seq] = msg
            print(f"Buffered message {seq} (expecting {expected})")

    async def deliver_buffered_messages(self, room: str):
        buffer = self.message_buffer.get(room, {})
        expected = self.expected_sequence.get(room, 1)

        while expected in buffer:
            msg = buffer[expected]
            self.display_message(msg)
            del buffer[expected]
            self.expected_sequence[room] = expected + 1
            expected += 1

    def display_message(self, msg: dict):
        print(f"[{msg['sequence']}] {msg['sender']}: {msg['content']}")

    async def subscribe(self, room: str):
        await self.send({"type": "subscribe", "room": room, "userId": self.user_id})

    async def unsubscribe(self, room: str):
        await self.send({"type": "unsubscribe", "room": room})

    async def publish(self, room: str, content: str):
        await self.send({
            "type": "publish",
            "room": room,
            "sender": self.user_id,
            "content": content,
        })

    async def get_history(self, room: str):
        await self.send({"type": "get_history", "room": room})

    async def send(self, payload: dict):
        if self.ws and not self.ws.closed:
            await self.ws.send(json.dumps(payload))
        else:
            print("WebSocket not connected")

    async def reconnect(self):
        if self.reconnect_attempts < self.max_reconnect_attempts:
            self.reconnect_attempts += 1
            delay = min(1000 * (2 ** self.reconnect_attempts), 30000) / 1000
            await asyncio.sleep(delay)
            await self.connect()
        else:
            print("Max reconnection attempts reached")


class ObservedClient(PubSubClient):
    """The seed's client, plus a record of what it handled and displayed,
    and of any exception its handlers raised (which would end its listen
    task silently)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frames = []
        self.shown = []
        self.history_shown = []
        self.crashes = []
        self._in_history = False

    async def handle_message(self, msg: dict):
        self.frames.append(msg)
        self._in_history = msg.get("type") == "history"
        try:
            await super().handle_message(msg)
        except Exception as error:
            self.crashes.append(f"{error!r} on {json.dumps(msg)[:200]}")
            raise
        finally:
            self._in_history = False

    def display_message(self, msg: dict):
        super().display_message(msg)
        (self.history_shown if self._in_history else self.shown).append(msg)

    def of_type(self, message_type):
        return [f for f in self.frames if f.get("type") == message_type]

    def buffered(self):
        return sum(len(b) for b in self.message_buffer.values())

    async def close(self):
        if self.ws:
            await self.ws.close()


def contents(messages):
    return [(m.get("sender"), m.get("content")) for m in messages]


def consecutive(messages, first):
    return [m.get("sequence") for m in messages] == list(range(first, first + len(messages)))


async def scenario(report, args):
    check = report.check
    room = f"general-py-{os.getpid()}"
    alice = ObservedClient(args.url, "alice")
    bob = ObservedClient(args.url, "bob")
    await alice.connect()
    await bob.connect()

    await alice.subscribe(room)
    subscribed = await compat.wait_for(lambda: alice.of_type("subscribed"), 3.0)
    first = alice.of_type("subscribed")[0] if subscribed else {}
    check("subscribed-with-room-and-sequence",
          subscribed and first.get("room") == room and isinstance(first.get("sequence"), int)
          and not isinstance(first.get("sequence"), bool),
          first or [f for f in alice.frames][:3])
    if not subscribed or alice.crashes:
        check("no-client-exceptions", not alice.crashes, alice.crashes)
        await alice.close()
        await bob.close()
        return
    start = first["sequence"]

    await bob.subscribe(room)
    await compat.wait_for(lambda: bob.of_type("subscribed"))
    check("presence-join-seen",
          await compat.wait_for(lambda: any(p.get("userId") == "bob" and p.get("action") == "join"
                                            for p in alice.of_type("presence"))),
          alice.of_type("presence"))

    # "Test 3: Message Ordering": send rapidly, see [1], [2], [3]… in order.
    sent = [f"msg{i}" for i in range(1, 6)]
    for text in sent:
        await alice.publish(room, text)
    await compat.wait_for(lambda: len(alice.shown) >= 5 and len(bob.shown) >= 5)
    for name, client in (("alice", alice), ("bob", bob)):
        check(f"ordered-no-gaps-{name}",
              contents(client.shown) == [("alice", t) for t in sent]
              and consecutive(client.shown, start + 1) and client.buffered() == 0,
              {"shown": contents(client.shown), "buffered": client.buffered()})
    check("never-buffered", not any(line.startswith("Buffered message") for line in LOG),
          [line for line in LOG if line.startswith("Buffered")][:3])

    # A late subscriber starts from the room's current sequence.
    carol = ObservedClient(args.url, "carol")
    await carol.connect()
    await carol.subscribe(room)
    await compat.wait_for(lambda: carol.of_type("subscribed"))
    late = carol.of_type("subscribed")[:1]
    check("late-subscribed-sequence-is-current",
          late and late[0].get("sequence") == start + 5, late)
    await bob.publish(room, "hello")
    await compat.wait_for(lambda: len(carol.shown) >= 1 and len(alice.shown) >= 6)
    check("late-subscriber-displays-next-at-once",
          contents(carol.shown) == [("bob", "hello")] and consecutive(carol.shown, start + 6)
          and carol.buffered() == 0, contents(carol.shown))

    # "Test 1": /history shows the previous messages (last N, oldest first).
    await carol.get_history(room)
    await compat.wait_for(lambda: carol.of_type("history"))
    history = carol.of_type("history")[:1]
    check("history-last-n-in-order",
          history and history[0].get("room") == room
          and contents(carol.history_shown) == [("alice", t) for t in sent] + [("bob", "hello")]
          and consecutive(carol.history_shown, start + 1),
          contents(carol.history_shown))

    # "Test 4: Presence Tracking": leave on unsubscribe and on disconnect.
    await bob.unsubscribe(room)
    check("presence-leave-on-unsubscribe",
          await compat.wait_for(lambda: any(p.get("userId") == "bob" and p.get("action") == "leave"
                                            for p in alice.of_type("presence"))),
          alice.of_type("presence"))
    await alice.publish(room, "after bob left")
    await compat.wait_for(lambda: len(carol.shown) >= 2)
    check("no-delivery-after-unsubscribe",
          [m.get("content") for m in bob.shown][-1:] == ["hello"], contents(bob.shown))
    await carol.close()
    check("presence-leave-on-disconnect",
          await compat.wait_for(lambda: any(p.get("userId") == "carol" and p.get("action") == "leave"
                                            for p in alice.of_type("presence"))),
          alice.of_type("presence"))

    check("no-client-exceptions", not (alice.crashes or bob.crashes or carol.crashes),
          alice.crashes + bob.crashes + carol.crashes)
    await alice.close()
    await bob.close()


if __name__ == "__main__":
    compat.main("003", scenario, variant_prefix="py-")

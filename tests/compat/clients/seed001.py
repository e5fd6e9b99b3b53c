#!/usr/bin/python3
"""Seed 001 (PUO Memo): the seed's own Python client, PuoMemoWebSocket,
with its URL pointed at the hub. It connects with ?token=, sends the
envelope {id, type, timestamp, data}, subscribes with data.channels, and
calls the handler registered for each frame's `type` with its `data`.
The server side (memory service) is played by a herald-dialect publisher:
event = the memory event type, data = the seed's example payloads.
"""

import asyncio
import json
import logging
import os
import sys
import urllib.parse
import urllib.request
import uuid
from datetime import datetime
from typing import Any, Callable, Dict, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compat  # noqa: E402
import websockets  # noqa: E402

logging.basicConfig(stream=sys.stderr, level=logging.INFO)
logger = logging.getLogger(__name__)


# --- The seed's client (001, "Python Client"), unchanged but for the URL ---
class PuoMemoWebSocket:
    """WebSocket client for PUO Memo real-time updates"""

    def __init__(
        self,
        token: str,
        url: str = "wss://api.puomemo.com/ws",
        reconnect_interval: int = 5
    ):
        self.token = token
        self.url = url
        self.reconnect_interval = reconnect_interval
        self.ws: Optional[websockets.WebSocketClientProtocol] = None
        self.handlers: Dict[str, list[Callable]] = {}
        self._running = False

    async def connect(self):
        """Connect to WebSocket server"""
        self._running = True

        while self._running:
            try:
                ws_url = f"{self.url}?token={self.token}"
                async with websockets.connect(ws_url) as ws:
                    self.ws = ws
                    logger.info("WebSocket connected")

                    # Subscribe to channels
                    await self.send("subscribe", {
                        "channels": ["memories", "tenant.updates"]
                    })

                    # Message loop
                    async for message in ws:
                        await self._handle_message(message)

            except websockets.exceptions.ConnectionClosed:
                logger.info("WebSocket disconnected")
            except Exception as e:
                logger.error(f"WebSocket error: {e}")

            if self._running:
                logger.info(f"Reconnecting in {self.reconnect_interval} seconds...")
                await asyncio.sleep(self.reconnect_interval)

    async def disconnect(self):
        """Disconnect from WebSocket server"""
        self._running = False
        if self.ws:
            await self.ws.close()

    async def send(self, message_type: str, data: Optional[Dict[str, Any]] = None):
        """Send message to server"""
        if not self.ws:
            logger.warning("WebSocket not connected")
            return

        message = {
            "id": str(uuid.uuid4()),
            "type": message_type,
            "timestamp": datetime.utcnow().isoformat(),
            "data": data
        }

        await self.ws.send(json.dumps(message))

    def on(self, event: str, handler: Callable):
        """Register event handler"""
        if event not in self.handlers:
            self.handlers[event] = []
        self.handlers[event].append(handler)

    async def _handle_message(self, raw_message: str):
        """Handle incoming message"""
        try:
            message = json.loads(raw_message)
            message_type = message.get("type")
            data = message.get("data")

            # Call registered handlers
            handlers = self.handlers.get(message_type, [])
            for handler in handlers:
                try:
                    if asyncio.iscoroutinefunction(handler):
                        await handler(data)
                    else:
                        handler(data)
                except Exception as e:
                    logger.error(f"Handler error: {e}")

        except json.JSONDecodeError:
            logger.error(f"Failed to parse message: {raw_message}")


class ObservedClient(PuoMemoWebSocket):
    """The seed's client, plus a record of every frame it handled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frames = []
        self.unparsed = 0

    async def _handle_message(self, raw_message: str):
        try:
            self.frames.append(json.loads(raw_message))
        except json.JSONDecodeError:
            self.unparsed += 1
        await super()._handle_message(raw_message)


TYPES = ["subscribed", "pong", "error", "memory.created", "memory.updated", "memory.deleted",
         "memory.embedding_complete", "tenant.user_joined", "tenant.user_left"]

# The seed's example payloads ("Server → Client Messages").
CREATED = {"memory": {"id": "uuid", "content": "New memory content", "title": "Memory Title",
                      "tags": ["tag1", "tag2"], "visibility": "team",
                      "created_at": "2024-01-15T10:00:00Z"},
           "user_id": "user-uuid", "user_name": "John Doe"}
UPDATED = {"memory": {"id": "uuid", "content": "Updated content"}, "user_id": "user-uuid",
           "user_name": "John Doe", "changes": {"content": "Updated content", "tags": ["new-tag"]}}
DELETED = {"memory_id": "uuid", "title": "Deleted Memory Title", "user_id": "user-uuid",
           "user_name": "John Doe"}
EMBEDDED = {"memory_id": "uuid", "embedding_model": "all-MiniLM-L6-v2"}


def is_iso8601(text):
    if not isinstance(text, str):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


def http_status(ws_url):
    """The seed's health check: GET /api/v4/ws/status, no token."""
    url = urllib.parse.urlsplit(ws_url)
    scheme = "https" if url.scheme == "wss" else "http"
    try:
        with urllib.request.urlopen(f"{scheme}://{url.netloc}/api/v4/ws/status", timeout=5) as r:
            return json.loads(r.read())
    except Exception as error:  # noqa: BLE001 - reported as the check's detail
        return repr(error)


def recorder(client):
    got = {t: [] for t in TYPES}
    for message_type in TYPES:
        client.on(message_type, lambda data, t=message_type: got[t].append(data))
    return got


async def scenario(report, args):
    base = args.url
    check = report.check

    client = ObservedClient(token=args.token, url=base, reconnect_interval=1)
    got = recorder(client)
    running = asyncio.create_task(client.connect())

    check("subscribed-confirmation",
          await compat.wait_for(lambda: got["subscribed"])
          and isinstance(got["subscribed"][0], dict)
          and got["subscribed"][0].get("channels") == ["memories", "tenant.updates"],
          got["subscribed"][:1])

    server = await compat.HeraldPublisher(base, args.publisher_token).open()
    sent = [("memories", "memory.created", CREATED), ("memories", "memory.updated", UPDATED),
            ("memories", "memory.deleted", DELETED),
            ("memories", "memory.embedding_complete", EMBEDDED),
            ("tenant.updates", "memory.updated", {"memory": {"id": "t-1"}, "scope": "tenant"})]
    for channel, event, data in sent:
        await server.publish(channel, event, data)
    await compat.wait_for(lambda: len(got["memory.updated"]) >= 2 and got["memory.embedding_complete"])
    check("memory-created-data-exact", got["memory.created"] == [CREATED], got["memory.created"])
    check("memory-updated-data-exact", got["memory.updated"][:1] == [UPDATED], got["memory.updated"][:1])
    check("memory-deleted-data-exact", got["memory.deleted"] == [DELETED], got["memory.deleted"])
    check("memory-embedding-complete-data-exact", got["memory.embedding_complete"] == [EMBEDDED],
          got["memory.embedding_complete"])
    check("second-channel-tenant-updates", got["memory.updated"][1:] == [sent[4][2]],
          got["memory.updated"][1:])
    order = [f.get("type") for f in client.frames if f.get("type", "").startswith("memory.")]
    check("events-in-publish-order",
          order == ["memory.created", "memory.updated", "memory.deleted",
                    "memory.embedding_complete", "memory.updated"], order)

    await client.send("ping")
    check("ping-pong-with-data-timestamp",
          await compat.wait_for(lambda: got["pong"])
          and isinstance(got["pong"][0], dict) and is_iso8601(got["pong"][0].get("timestamp")),
          got["pong"][:1])

    # Frames the seed's server answered with {"type":"error","data":{"message":…}}.
    await client.send("subscribe", {"channels": "memories"})
    await client.send("no.such.type", {})
    check("error-frames-with-data-message",
          await compat.wait_for(lambda: len(got["error"]) >= 2)
          and all(isinstance(e, dict) and isinstance(e.get("message"), str) and e["message"]
                  for e in got["error"]), got["error"])
    await client.send("ping")
    check("connection-survives-bad-frames", await compat.wait_for(lambda: len(got["pong"]) >= 2))

    # Unsubscribe, then a ping as a barrier: the hub answers in order.
    await client.send("unsubscribe", {"channels": ["tenant.updates"]})
    await client.send("ping")
    await compat.wait_for(lambda: len(got["pong"]) >= 3)
    await server.publish("tenant.updates", "memory.deleted", {"memory_id": "after-unsubscribe"})
    await server.publish("memories", "memory.deleted", {"memory_id": "marker"})
    await compat.wait_for(lambda: len(got["memory.deleted"]) >= 2)
    check("unsubscribe-stops-delivery",
          [d.get("memory_id") for d in got["memory.deleted"][1:]] == ["marker"],
          got["memory.deleted"][1:])

    # Another connection of the same tenant: the seed's server told the
    # others with tenant.user_joined / tenant.user_left.
    # (The stand-in publisher is a member of the tenant too: its own join may
    # already be here, so wait for one more.)
    before = len(got["tenant.user_joined"])
    other = PuoMemoWebSocket(token=args.token, url=base, reconnect_interval=1)
    other_running = asyncio.create_task(other.connect())
    joined = await compat.wait_for(lambda: len(got["tenant.user_joined"]) > before, 2.0)
    check("tenant-user-joined",
          joined and all(k in got["tenant.user_joined"][-1]
                         for k in ("user_id", "user_name", "connection_id")),
          got["tenant.user_joined"][-1:])
    await other.disconnect()
    await other_running
    left = await compat.wait_for(lambda: got["tenant.user_left"], 2.0)
    check("tenant-user-left", left, got["tenant.user_left"][:1])

    # "4003: Invalid message format" (persistently): closed with that code.
    async with websockets.connect(f"{base}?token={args.token}") as raw:
        code = None
        try:
            for _ in range(30):
                await raw.send(json.dumps({"id": str(uuid.uuid4()), "type": "bogus",
                                           "timestamp": datetime.utcnow().isoformat(),
                                           "data": {}}))
            async for _ in raw:
                pass
        except websockets.exceptions.ConnectionClosed:
            pass
        code = raw.close_code
    check("close-4003-on-persistent-bad-frames", code == 4003, f"close code {code}")

    # "Health Check": curl http://host/api/v4/ws/status, while connected.
    status = await asyncio.get_running_loop().run_in_executor(None, http_status, base)
    check("status-endpoint",
          isinstance(status, dict) and status.get("websocket_url") == "/ws"
          and all(isinstance(status.get(k), int) for k in
                  ("user_connections", "tenant_connections", "total_connections"))
          and status["total_connections"] >= 1, status)

    check("every-frame-is-json", client.unparsed == 0, f"{client.unparsed} unparsed")
    check("every-frame-has-type", all(isinstance(f.get("type"), str) for f in client.frames))
    check("every-frame-has-timestamp", all(is_iso8601(f.get("timestamp")) for f in client.frames),
          [f for f in client.frames if not is_iso8601(f.get("timestamp"))][:2], advisory=True)
    # The seed's interface declares `id` on every message; nothing reads it.
    check("every-frame-has-id", all(isinstance(f.get("id"), str) for f in client.frames),
          sorted({f.get("type") for f in client.frames if not isinstance(f.get("id"), str)}),
          advisory=True)

    await server.close()
    await client.disconnect()
    await running


if __name__ == "__main__":
    compat.main("001", scenario)

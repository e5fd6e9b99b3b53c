"""Shared by the python seed scripts: arguments, the JSON-lines report,
waits, and a herald-dialect publisher standing in for each seed's
server-side code (the part of a seed system that is not a client).

Exit codes: 0 every required check passed, 1 a required check failed,
2 the script itself broke (timeout, exception), 3 it cannot run here.
Runs with Debian's /usr/bin/python3 and python3-websockets.
"""

import argparse
import asyncio
import json
import sys
import urllib.parse

try:
    import websockets
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.stdout.write(json.dumps({"error": f"python3-websockets is missing: {error}"}) + "\n")
    sys.exit(3)


def options():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="ws://host:port/ws")
    parser.add_argument("--mode", default="seed")
    # Who the stand-in for the seed's server side is, where the hub
    # requires tokens or keeps user.<id> channels to <id>.
    parser.add_argument("--publisher-token", default="")
    # The token the seed's own client is given (its docs: "your-auth-token").
    parser.add_argument("--token", default="jwt-or-api-key")
    return parser.parse_args()


class Report:
    def __init__(self, seed, variant):
        self.seed = seed
        self.variant = variant
        self.passed = 0
        self.failed = 0

    def line(self, **fields):
        sys.stdout.write(json.dumps({"seed": self.seed, "variant": self.variant, **fields}) + "\n")
        sys.stdout.flush()

    def check(self, name, ok, detail="", advisory=False):
        """A required check fails the script; an advisory one is reported only."""
        ok = bool(ok)
        if ok:
            self.passed += 1
        elif not advisory:
            self.failed += 1
        if not isinstance(detail, str):
            detail = json.dumps(detail)
        self.line(check=name, ok=ok, advisory=advisory, detail=detail)
        return ok

    def run(self, scenario, deadline=40.0):
        """Runs the async scenario; past the deadline it reports and exits."""
        try:
            asyncio.run(asyncio.wait_for(scenario(), deadline))
        except asyncio.TimeoutError:
            self.line(done=True, aborted=f"deadline of {deadline} s passed",
                      passed=self.passed, failed=self.failed + 1)
            sys.exit(2)
        except Exception as error:  # noqa: BLE001 - everything is a script failure
            self.line(done=True, aborted=f"exception: {error!r}", passed=self.passed,
                      failed=self.failed + 1)
            sys.exit(2)
        self.line(done=True, passed=self.passed, failed=self.failed)
        sys.exit(1 if self.failed else 0)


async def wait_for(predicate, timeout=5.0):
    """Polls until predicate() holds; False after timeout seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if predicate():
            return True
        await asyncio.sleep(0.01)
    return bool(predicate())


def main(seed, scenario, variant_prefix="", deadline=40.0):
    """Runs `await scenario(report, args)` and exits with the report's verdict."""
    args = options()
    report = Report(seed, variant_prefix + args.mode)
    report.run(lambda: scenario(report, args), deadline)


class HeraldPublisher:
    """The server side of a seed system, played through the hub's herald
    dialect: what the seed's backend published, we publish."""

    def __init__(self, url, token=""):
        self.url = f"{url}?token={urllib.parse.quote(token)}" if token else url
        self.ws = None
        self.replies = {}
        self.next_id = 1
        self.reader = None

    async def open(self):
        self.ws = await websockets.connect(self.url)
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self):
        try:
            async for raw in self.ws:
                frame = json.loads(raw)
                waiter = self.replies.pop(frame.get("id"), None)
                if waiter and not waiter.done():
                    waiter.set_result(frame)
        except websockets.exceptions.ConnectionClosed:
            pass

    async def publish(self, channel, event, data, timeout=5.0):
        """Returns the hub's reply: `published`, or `error` with the reason."""
        request_id = f"pub-{self.next_id}"
        self.next_id += 1
        waiter = asyncio.get_running_loop().create_future()
        self.replies[request_id] = waiter
        await self.ws.send(json.dumps({"type": "publish", "id": request_id,
                                       "data": {"channel": channel, "event": event, "data": data}}))
        try:
            return await asyncio.wait_for(waiter, timeout)
        except asyncio.TimeoutError:
            return {"type": "timeout"}

    async def close(self):
        await self.ws.close()
        if self.reader:
            await self.reader

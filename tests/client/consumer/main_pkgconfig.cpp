// Built with nothing but `pkg-config --cflags --libs herald-client`.

#include <herald/client.h>

#include <cstdio>

int main()
{
    Herald::Client client;
    const auto id = client.publish(QStringLiteral("news"), 1); // queued: not connected
    const bool ok = id && client.queuedPublishes() == 1 &&
                    client.state() == Herald::Client::State::Disconnected;
    std::printf("%s\n", ok ? "ok" : "unexpected client state");
    return ok ? 0 : 1;
}

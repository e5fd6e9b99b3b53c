#include "benchplan.h"

#include "payload.h"
#include "websocketframe.h"

#include <cstring>

#include <QRandomGenerator>

namespace HeraldBench {

BenchPlan::BenchPlan(const BenchConfig &config, const WireProtocol &protocol)
{
    const int threads = config.threads;
    auto addConnection = [&](Role role, std::uint32_t index) {
        Connection connection;
        connection.role = role;
        connection.index = index;
        const auto n = std::uint32_t(connections.size());
        connection.endpoint = n % std::uint32_t(config.endpoints.size());
        connection.worker = n % std::uint32_t(threads);
        connection.user = "u" + std::to_string(n);
        connections.push_back(std::move(connection));
    };

    if (config.scenario == BenchConfig::Scenario::Connect) {
        for (int c = 0; c < config.channels; ++c)
            channels.push_back({config.channelPrefix + std::to_string(c), {}, {}, 0});
        for (int i = 0; i < config.connections; ++i) {
            if (config.subscribe) {
                const auto channel = std::uint32_t(i % config.channels);
                ++channels[channel].subscribers;
                ++subscriberCount;
                addConnection(Role::Subscriber, channel);
            } else {
                addConnection(Role::Idle, 0);
            }
        }
        return;
    }

    const int channelCount = config.channels;
    const int publisherCount = config.publishers;
    channels.resize(std::size_t(channelCount));
    publishers.resize(std::size_t(publisherCount));
    for (int c = 0; c < channelCount; ++c) {
        channels[c].name = config.channelPrefix + std::to_string(c);
        channels[c].localStream.assign(std::size_t(publisherCount), -1);
        channels[c].subscribers = std::uint32_t(config.subscribersPerChannel);
    }
    // Publishers share the channels out: with more channels than
    // publishers each publisher has several, with fewer each channel has several.
    const std::uint64_t perPublisher =
        config.messages
            ? (config.messages + std::uint64_t(publisherCount) - 1) / std::uint64_t(publisherCount)
            : 0;
    for (int p = 0; p < publisherCount; ++p) {
        publishers[p].name = "p" + std::to_string(p);
        publishers[p].limit = perPublisher;
    }
    for (int c = 0; c < channelCount; ++c) {
        for (int p = 0; p < publisherCount; ++p) {
            const bool owns =
                channelCount >= publisherCount ? c % publisherCount == p : p % channelCount == c;
            if (!owns)
                continue;
            auto stream = std::make_unique<Stream>();
            stream->channel = std::uint32_t(c);
            stream->publisher = std::uint32_t(p);
            stream->subscribers = channels[c].subscribers;
            stream->window = std::uint32_t(config.inflight) + 2;
            stream->acks = std::make_unique<std::atomic<std::uint32_t>[]>(stream->window);
            for (std::uint32_t i = 0; i < stream->window; ++i)
                stream->acks[i].store(0, std::memory_order_relaxed);

            const std::string payload =
                Payload::make(std::size_t(config.payloadSize), std::uint32_t(c), std::uint32_t(p));
            const std::string message = protocol.publish(channels[c].name, publishers[p].name,
                                                         payload, stream->payloadInMessage);
            const quint32 mask = QRandomGenerator::global()->generate();
            std::memcpy(stream->mask, &mask, 4);
            WebSocketFrame::appendMasked(stream->frame, protocol.opcode(), message.data(),
                                         message.size(), stream->mask);
            stream->payloadInFrame =
                WebSocketFrame::maskedHeaderSize(message.size()) + stream->payloadInMessage;

            const auto id = std::uint32_t(streams.size());
            channels[c].localStream[std::size_t(p)] = int(channels[c].streams.size());
            channels[c].streams.push_back(id);
            publishers[p].streams.push_back(id);
            streams.push_back(std::move(stream));
        }
    }
    // Publishers first, so with several workers they spread over them.
    for (int p = 0; p < publisherCount; ++p)
        addConnection(Role::Publisher, std::uint32_t(p));
    for (int c = 0; c < channelCount; ++c) {
        for (int s = 0; s < config.subscribersPerChannel; ++s) {
            addConnection(Role::Subscriber, std::uint32_t(c));
            ++subscriberCount;
        }
    }
    for (const auto &connection : connections) {
        if (connection.role == Role::Publisher) {
            for (std::uint32_t id : publishers[connection.index].streams)
                streams[id]->publisherWorker = int(connection.worker);
        }
    }
}

} // namespace HeraldBench

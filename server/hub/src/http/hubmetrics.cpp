#include "hubmetrics.h"
#include "counters.h"
#include "prometheuswriter.h"

#include <algorithm>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

using Type = PrometheusWriter::Type;

void counter(PrometheusWriter &out, QByteArrayView name, QStringView help, quint64 value)
{
    out.family(name, Type::Counter, help);
    out.sample(name, value);
}

void gauge(PrometheusWriter &out, QByteArrayView name, QStringView help, double value)
{
    out.family(name, Type::Gauge, help);
    out.sample(name, value);
}

// Every code the hub knows is listed even at zero: a series that appears
// only on its first occurrence breaks rate() and alerting on it.
template<typename Key>
void byCode(PrometheusWriter &out, QByteArrayView name, QStringView help,
            const QMap<Key, quint64> &counts, const QList<Key> &known,
            QString (*label)(const Key &))
{
    QMap<Key, quint64> all = counts;
    for (const Key &key : known)
        all.insert(key, counts.value(key));
    out.family(name, Type::Counter, help);
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        out.sample(name, it.value(), {{"code", label(it.key())}});
}

QString errorLabel(const QString &code)
{
    return code;
}

QString closeLabel(const int &code)
{
    return code ? QString::number(code) : u"other"_s; // 0: codes the hub does not count apart
}

} // namespace

QByteArray HubMetrics::render(const HubStats &stats, const QList<ChannelStats> &channels,
                              int topChannels, qint64 nowMs)
{
    PrometheusWriter out;
    out.family("herald_build_info", Type::Gauge, u"Always 1; the hub's version as a label.");
    out.sample("herald_build_info", quint64(1), {{"version", stats.version}});
    gauge(out, "herald_start_time_seconds", u"When the hub started, seconds since the Unix epoch.",
          double(stats.startedAtMs) / 1000.0);
    gauge(out, "herald_uptime_seconds", u"Seconds since the hub started.",
          double(std::max<qint64>(0, nowMs - stats.startedAtMs)) / 1000.0);
    gauge(out, "herald_threads", u"Event-loop threads serving connections.", stats.threads);

    gauge(out, "herald_websocket_connections", u"Open WebSocket connections.", stats.connections);
    counter(out, "herald_connections_accepted_total",
            u"TCP connections accepted on the hub's port (WebSocket and HTTP).",
            stats.connectionsAccepted);
    counter(out, "herald_connections_dropped_total",
            u"Connections accepted but closed unserved: a thread's descriptor table was full.",
            stats.connectionsDropped);
    gauge(out, "herald_channels", u"Channels the hub holds state for.", stats.channels);
    counter(out, "herald_websocket_messages_received_total",
            u"WebSocket text messages received from clients.", stats.messagesIn);
    counter(out, "herald_websocket_messages_sent_total",
            u"WebSocket text messages sent to clients.", stats.messagesOut);
    counter(out, "herald_received_bytes_total",
            u"Bytes received on the hub's port, framing and HTTP included.", stats.bytesIn);
    counter(out, "herald_sent_bytes_total",
            u"Bytes sent on the hub's port, framing and HTTP included.", stats.bytesOut);
    counter(out, "herald_publications_total",
            u"Publications accepted, from clients and the server API.", stats.publications);
    counter(out, "herald_deliveries_total", u"Publications written to subscribers.",
            stats.deliveries);

    QList<QString> errorCodes;
    for (int i = 0; i < Counters::kErrorCodes; ++i)
        errorCodes.append(Wire::errorCodeName(Wire::ErrorCode(i)));
    byCode<QString>(out, "herald_errors_total", u"Error frames sent to clients, by error code.",
                    stats.errorsByCode, errorCodes, &errorLabel);
    QList<int> closeCodes(Counters::kCloseCodes.begin(), Counters::kCloseCodes.end());
    closeCodes.append(0);
    byCode<int>(out, "herald_closes_total", u"WebSocket connections ended, by close code.",
                stats.closesByCode, closeCodes, &closeLabel);
    counter(out, "herald_slow_consumers_total",
            u"Clients closed with 4005 because they did not read fast enough.",
            stats.slowConsumers);
    counter(out, "herald_rate_limited_frames_total", u"Client frames refused by the rate limit.",
            stats.rateLimited);

    out.family("herald_backplane_up", Type::Gauge,
               u"1 while the backplane shared with other hubs is reachable (always 1 in memory).");
    out.sample("herald_backplane_up", quint64(stats.backplaneUp ? 1 : 0),
               {{"backplane", stats.backplane}});
    gauge(out, "herald_backplane_lag_seconds",
          u"How far publications through the backplane are behind.",
          double(stats.backplaneLagMs) / 1000.0);

    out.family("herald_message_size_bytes", Type::Histogram,
               u"Sizes of the messages clients sent, in bytes.");
    out.histogram("herald_message_size_bytes", stats.messageSizeBounds, stats.messageSizeCounts,
                  double(stats.messageSizeSum));

    if (topChannels > 0) {
        QList<ChannelStats> busiest;
        for (const ChannelStats &channel : channels) {
            if (!channel.name.startsWith(u'$'))
                busiest.append(channel);
        }
        std::sort(busiest.begin(), busiest.end(), [](const ChannelStats &a, const ChannelStats &b) {
            return a.published != b.published ? a.published > b.published : a.name < b.name;
        });
        busiest.resize(std::min<qsizetype>(busiest.size(), topChannels));
        out.family("herald_channel_publications_total", Type::Counter,
                   u"Publications on each of the busiest channels since its state was made.");
        for (const ChannelStats &channel : std::as_const(busiest))
            out.sample("herald_channel_publications_total", channel.published,
                       {{"channel", channel.name}});
    }
    return out.text();
}

} // namespace Herald

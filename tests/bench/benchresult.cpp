#include "benchresult.h"

#include "benchconfig.h"

#include <QJsonArray>

#include <cstdio>

namespace HeraldBench {

namespace {

const char *scenarioName(BenchConfig::Scenario scenario)
{
    switch (scenario) {
    case BenchConfig::Scenario::Fanout:
        return "fanout";
    case BenchConfig::Scenario::Channels:
        return "channels";
    case BenchConfig::Scenario::Rate:
        return "rate";
    case BenchConfig::Scenario::Connect:
        return "connect";
    }
    return "?";
}

const char *protocolName(WireProtocol::Kind kind)
{
    switch (kind) {
    case WireProtocol::Kind::Herald:
        return "herald";
    case WireProtocol::Kind::Nats:
        return "nats";
    case WireProtocol::Kind::Rooms:
        return "rooms";
    }
    return "?";
}

double perSecond(std::uint64_t count, double seconds)
{
    return seconds > 0 ? double(count) / seconds : 0;
}

std::string format(const char *pattern, double a = 0, double b = 0, double c = 0, double d = 0)
{
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, pattern, a, b, c, d);
    return buffer;
}

std::string count(std::uint64_t n)
{
    return std::to_string(n);
}

std::string cpuText(const CpuUsage::Share &cpu, int threads)
{
    std::string text = format("CPU: bench %.0f%%", cpu.bench * 100);
    if (cpu.server >= 0)
        text += format(", server %.0f%%", cpu.server * 100);
    if (cpu.other >= 0)
        text += format(", other processes %.0f%%", cpu.other * 100);
    return text + " of a core -> limited by " + cpu.limit(threads);
}

} // namespace

QJsonObject BenchResult::toJson(const BenchConfig &config) const
{
    QJsonArray urls;
    for (const Endpoint &endpoint : config.endpoints)
        urls.append(QString::fromStdString(endpoint.url));
    const double rssPerConnection =
        rssBeforeKiB >= 0 && rssAfterKiB >= 0 && opened
            ? double(rssAfterKiB - rssBeforeKiB) * 1024.0 / double(opened)
            : -1;
    QJsonObject setup{
        {"connections", double(connections)},
        {"opened", double(opened)},
        {"connect_seconds", connectSeconds},
        {"connections_per_second", perSecond(opened, connectSeconds)},
        {"connect_bench_cpu", connectCpu.bench},
        {"connect_server_cpu", connectCpu.server},
        {"connect_other_cpu", connectCpu.other},
        {"connect_limited_by", QString::fromStdString(connectCpu.limit(config.threads))},
        {"subscribers", double(subscribers)},
        {"subscribed", double(subscribed)},
        {"subscribe_seconds", subscribeSeconds},
        {"settle_seconds", settleSeconds},
        {"setup_frames", double(setupFrames)},
        {"timed_out", setupTimedOut},
    };
    QJsonObject memory{
        {"rss_before_kib", double(rssBeforeKiB)},
        {"rss_after_kib", double(rssAfterKiB)},
        {"rss_per_connection_bytes", rssPerConnection},
    };
    QJsonObject publishing{
        {"measured_seconds", measuredSeconds},
        {"published", double(published)},
        {"publishes_per_second", perSecond(published, measuredSeconds)},
        {"deliveries", double(deliveries)},
        {"deliveries_per_second", perSecond(deliveries, measuredSeconds)},
        {"published_total", double(publishedTotal)},
        {"deliveries_total", double(deliveriesTotal)},
        {"bench_cpu", runCpu.bench},
        {"server_cpu", runCpu.server},
        {"other_cpu", runCpu.other},
        {"limited_by", QString::fromStdString(runCpu.limit(config.threads))},
        {"drained", drained},
        {"drain_seconds", drainSeconds},
    };
    QJsonObject latency{
        {"samples", double(latencyCount)}, {"p50_ms", latencyP50Ms}, {"p90_ms", latencyP90Ms},
        {"p99_ms", latencyP99Ms},          {"max_ms", latencyMaxMs},
    };
    return QJsonObject{
        {"scenario", scenarioName(config.scenario)},
        {"protocol", protocolName(config.protocol)},
        {"urls", urls},
        {"threads", config.threads},
        {"channels", config.channels},
        {"subscribers_per_channel", config.subscribersPerChannel},
        {"publishers", config.scenario == BenchConfig::Scenario::Connect ? 0 : config.publishers},
        {"payload_bytes", config.payloadSize},
        {"inflight", config.inflight},
        {"rate_target", config.rate},
        {"duration_seconds", config.durationS},
        {"warmup_seconds", config.warmupS},
        {"setup", setup},
        {"memory", memory},
        {"publishing", publishing},
        {"latency", latency},
        {"hold", QJsonObject{{"seconds", holdSeconds}, {"pings_answered", double(pingsAnswered)}}},
        {"verification", checks.toJson()},
        {"note", QString::fromStdString(note)},
        {"ok", ok()},
    };
}

std::string BenchResult::toTable(const BenchConfig &config) const
{
    std::string out;
    auto row = [&out](const char *label, const std::string &text) {
        char head[32];
        std::snprintf(head, sizeof head, "  %-14s", label);
        out += head;
        out += text;
        out += '\n';
    };
    out += "herald-bench ";
    out += scenarioName(config.scenario);
    out += " · ";
    out += protocolName(config.protocol);
    for (const Endpoint &endpoint : config.endpoints)
        out += " · " + endpoint.url;
    out += '\n';
    if (config.scenario == BenchConfig::Scenario::Connect) {
        row("plan", count(connections) + " connections" +
                        (subscribers ? ", subscribed over " + count(config.channels) + " channel(s)"
                                     : ", not subscribed"));
    } else {
        row("plan", count(subscribers) + " subscribers (" + count(config.channels) +
                        " channel(s) x " + count(config.subscribersPerChannel) + "), " +
                        count(config.publishers) + " publisher(s), payload " +
                        count(config.payloadSize) + " B, in-flight cap " + count(config.inflight) +
                        (config.rate > 0 ? format(", rate %.0f msg/s", config.rate) : "") + ", " +
                        count(config.threads) + " thread(s)");
    }
    row("connect",
        count(opened) + "/" + count(connections) + " in " +
            format("%.2f s (%.0f conn/s)", connectSeconds, perSecond(opened, connectSeconds)));
    row("", cpuText(connectCpu, config.threads));
    if (subscribers)
        row("subscribe", count(subscribed) + "/" + count(subscribers) +
                             format(" in %.2f s, then %.2f s until the server was quiet",
                                    subscribeSeconds, settleSeconds) +
                             " (" + count(setupFrames) + " presence/other frames)");
    if (rssBeforeKiB >= 0 && rssAfterKiB >= 0)
        row("server RSS", format("%.1f MiB -> %.1f MiB", double(rssBeforeKiB) / 1024,
                                 double(rssAfterKiB) / 1024) +
                              (opened ? format(", %.2f KiB per connection",
                                               double(rssAfterKiB - rssBeforeKiB) / double(opened))
                                      : ""));
    if (config.publishes() && measuredSeconds > 0) {
        row("published", count(published) +
                             format(" in %.2f s (%.0f msg/s) after %.1f s warm-up", measuredSeconds,
                                    perSecond(published, measuredSeconds), config.warmupS));
        row("deliveries", count(deliveries) + format(" (%.0f deliveries/s)",
                                                     perSecond(deliveries, measuredSeconds)));
        row("latency", format("p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms", latencyP50Ms,
                              latencyP90Ms, latencyP99Ms, latencyMaxMs) +
                           " (" + count(latencyCount) + " samples)");
        row("", cpuText(runCpu, config.threads));
        row("drain",
            drained ? format("everything delivered %.2f s after publishing stopped", drainSeconds)
                    : format("NOT everything delivered after %.1f s", drainSeconds));
    }
    if (holdSeconds > 0)
        row("hold", format("%.1f s, ", holdSeconds) + count(pingsAnswered) + " pings answered");
    if (!note.empty())
        row("note", note);
    if (setupTimedOut)
        row("SETUP", format("timed out after %.0f s", config.setupTimeoutS));
    row("verified", checks.summary());
    if (!checks.firstServerError.empty())
        row("server error", checks.firstServerError);
    if (!checks.firstClose.empty())
        row("first drop", checks.firstClose);
    if (!checks.firstConnectError.empty())
        row("connect error", checks.firstConnectError);
    return out;
}

} // namespace HeraldBench

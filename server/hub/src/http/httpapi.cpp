#include "httpapi.h"
#include "hub_p.h"
#include "hubmetrics.h"
#include "prometheuswriter.h"
#include "statsjson.h"

#include <herald/wire/codec.h>
#include <herald/wire/json.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <variant>

Q_LOGGING_CATEGORY(lcHttp, "herald.http", QtInfoMsg)

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

constexpr QByteArrayView kJson = "application/json";
/// Channels one broadcast may name: the body limit bounds the request, this
/// bounds the work (and the lock turns) one call can cause.
constexpr qsizetype kMaxBroadcastChannels = 1000;
constexpr int kMaxChannelNameLength = 200;

enum Method : unsigned { Get = 1, Post = 2 };

QByteArray jsonResponse(int status, const QJsonObject &body, const Headers &headers = {})
{
    return Net::httpResponse(status, kJson, QJsonDocument(body).toJson(QJsonDocument::Compact),
                             headers);
}

/// Every refusal has one shape: {"error": {"code", "message"}}.
QByteArray errorResponse(int status, const QString &code, const QString &message,
                         const Headers &headers = {})
{
    return jsonResponse(
        status, {{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}}, headers);
}

QByteArray badRequest(const QString &message)
{
    return errorResponse(400, u"bad_request"_s, message);
}

QByteArray unauthorized(const QString &message, bool tokenGiven)
{
    // RFC 6750 3: say which scheme, and whether the token itself was the problem.
    const QByteArray challenge =
        tokenGiven ? R"(Bearer realm="herald", error="invalid_token")" : R"(Bearer realm="herald")";
    return errorResponse(401, u"unauthorized"_s, message, {{"WWW-Authenticate", challenge}});
}

/// A HEAD request gets the GET response's head only, Content-Length included.
QByteArray headOnly(const QByteArray &response)
{
    const qsizetype end = response.indexOf("\r\n\r\n");
    return end < 0 ? response : response.left(end + 4);
}

QString bearerToken(const Net::HttpRequest &request)
{
    const QByteArray authorization = request.header("authorization");
    const qsizetype space = authorization.indexOf(' ');
    if (space < 0 || qstrnicmp(authorization.constData(), space, "bearer", 6) != 0)
        return {};
    return QString::fromUtf8(authorization.mid(space + 1).trimmed());
}

/// Compares in time independent of where the strings differ, so response
/// times do not reveal a key byte by byte.
bool sameSecret(const QString &presented, const QString &expected)
{
    const QByteArray a = QCryptographicHash::hash(presented.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected.toUtf8(), QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

/// The query as the `data` of a WebSocket request: `numbers` become JSON
/// numbers when they are whole numbers and stay text otherwise, which the
/// codec then refuses with its own reason.
QJsonObject queryObject(const QUrlQuery &query, const QStringList &texts,
                        const QStringList &numbers = {})
{
    QJsonObject object;
    for (const QString &key : texts + numbers) {
        if (!query.hasQueryItem(key))
            continue;
        const QString text = query.queryItemValue(key, QUrl::FullyDecoded);
        bool ok = false;
        const qint64 number = numbers.contains(key) ? text.toLongLong(&ok) : 0;
        if (ok && qAbs(number) <= Wire::Json::kMaxSafeInteger)
            object.insert(key, double(number));
        else
            object.insert(key, text);
    }
    return object;
}

/// A seq, or null for 0: with a backplane the seq is given later (Hub::publish()).
QJsonValue seqValue(quint64 seq)
{
    return seq ? QJsonValue(double(seq)) : QJsonValue(QJsonValue::Null);
}

QByteArray unavailable(const QString &message)
{
    return errorResponse(503, u"unavailable"_s, message);
}

QByteArray seqResponse(const QString &channel, const Result<quint64> &seq)
{
    if (!seq)
        return unavailable(u"not published: %1"_s.arg(seq.reason()));
    return jsonResponse(200, {{u"channel"_s, channel}, {u"seq"_s, seqValue(*seq)}});
}

} // namespace

std::optional<QByteArray> HttpApi::channelRefusal(const QString &channel) const
{
    if (channel.startsWith(u'$'))
        return errorResponse(403, u"forbidden"_s,
                             u"channels starting with '$' belong to the hub"_s);
    if (const Status valid = m_hub.validateChannelName(channel); !valid)
        return badRequest(valid.reason());
    return std::nullopt;
}

/// A request of the WebSocket protocol decoded by the wire codec, so the
/// HTTP API takes exactly what a client's frame may say (field types,
/// reserved event names, since and limit), or the 400 that says why not.
template<typename Command>
std::variant<Command, QByteArray> HttpApi::decode(const QString &type,
                                                  const QJsonObject &data) const
{
    const auto decoded =
        Wire::Codec::decodeRequest(QJsonObject{{u"type"_s, type}, {u"data"_s, data}});
    if (const auto *error = std::get_if<Wire::DecodeError>(&decoded))
        return badRequest(error->message);
    const auto *command = std::get_if<Command>(&std::get<Wire::Request>(decoded).command);
    if (!command)
        return errorResponse(500, u"internal"_s, u"the request decoded to another command"_s);
    if (const auto refusal = channelRefusal(command->channel))
        return *refusal;
    return *command;
}

struct HttpApi::Route
{
    QLatin1StringView path;
    unsigned methods;
    Handler handler;
    bool apiKey; // /api/*: a key from HttpConfig is required
};

HttpApi::HttpApi(HubPrivate &hub)
    : m_hub(hub)
{}

const HttpApi::Route *HttpApi::route(const QString &path) const
{
    static const Route kRoutes[] = {
        {"/"_L1, Get, &HttpApi::console, false},
        {"/healthz"_L1, Get, &HttpApi::healthz, false},
        {"/readyz"_L1, Get, &HttpApi::readyz, false},
        {"/status"_L1, Get, &HttpApi::status, false},
        {"/api/v4/ws/status"_L1, Get, &HttpApi::wsStatus, false},
        {"/metrics"_L1, Get, &HttpApi::metrics, false},
        {"/api/publish"_L1, Post, &HttpApi::publish, true},
        {"/api/broadcast"_L1, Post, &HttpApi::broadcast, true},
        {"/api/channels"_L1, Get, &HttpApi::channels, true},
        {"/api/presence"_L1, Get, &HttpApi::presence, true},
        {"/api/history"_L1, Get, &HttpApi::history, true},
    };
    const HttpConfig &config = m_hub.config.http;
    for (const Route &route : kRoutes) {
        if (route.path != path)
            continue;
        // Switched off is the same as absent: nothing tells a scanner it exists.
        if ((route.handler == &HttpApi::console && !config.consoleEnabled) ||
            (route.handler == &HttpApi::metrics && !config.metricsEnabled))
            return nullptr;
        return &route;
    }
    return nullptr;
}

QByteArray HttpApi::handle(const Net::HttpRequest &request, const QHostAddress &peer,
                           Respond later) const
{
    const QUrl url = request.url();
    const QString path = url.path();
    Call call{request, QUrlQuery(url), nullptr, {}, std::move(later)};
    QByteArray response;
    if (path == "/ws"_L1) {
        response = errorResponse(426, u"upgrade_required"_s,
                                 u"/ws is the WebSocket endpoint: connect with an upgrade"_s,
                                 {{"Upgrade", "websocket"}});
    } else if (const Route *found = route(path)) {
        response = dispatch(*found, call);
    } else {
        response = errorResponse(404, u"not_found"_s, u"no endpoint at %1"_s.arg(path));
    }
    qCDebug(lcHttp).noquote() << peer.toString() << request.method << path
                              << response.left(response.indexOf('\r'));
    return response;
}

QByteArray HttpApi::dispatch(const Route &route, Call &call) const
{
    const Net::HttpRequest &request = call.request;
    const bool head = request.method == "HEAD" && (route.methods & Get);
    const unsigned method = request.method == "GET" || head ? Get
                            : request.method == "POST"      ? Post
                                                            : 0;
    if (!(route.methods & method)) {
        const QByteArray allow = route.methods & Get ? "GET, HEAD" : "POST";
        return errorResponse(405, u"method_not_allowed"_s,
                             u"%1 takes %2"_s.arg(route.path, QString::fromLatin1(allow)),
                             {{"Allow", allow}});
    }
    if (route.apiKey) {
        const QString token = bearerToken(request);
        if (m_hub.config.http.apiKeys.isEmpty())
            return unauthorized(u"this hub has no API keys configured (--api-key)"_s, false);
        if (token.isEmpty())
            return unauthorized(u"send an API key as 'Authorization: Bearer <key>'"_s, false);
        call.key = apiKey(token);
        if (!call.key)
            return unauthorized(u"unknown API key"_s, true);
    }
    if (method == Post) {
        if (request.body.size() > m_hub.config.http.apiBodyLimit)
            return errorResponse(
                413, u"too_large"_s,
                u"request bodies are limited to %1 bytes"_s.arg(m_hub.config.http.apiBodyLimit));
        const QByteArray type = request.header("content-type").split(';').first().trimmed();
        if (type.compare("application/json", Qt::CaseInsensitive) != 0)
            return errorResponse(415, u"unsupported_media_type"_s,
                                 u"send the body as 'Content-Type: application/json'"_s);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError)
            return badRequest(
                u"invalid JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
        if (!document.isObject())
            return badRequest(u"the body must be a JSON object"_s);
        call.body = document.object();
    }
    const QByteArray response = (this->*route.handler)(call);
    return head ? headOnly(response) : response;
}

QByteArray HttpApi::console(const Call &) const
{
    // Read once: the page is compiled in and never changes.
    static const QByteArray page = [] {
        QFile file(u":/herald/console/index.html"_s);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    if (page.isEmpty())
        return errorResponse(500, u"internal"_s, u"the console is missing from this build"_s);
    // The page renders other people's messages: no script or style from
    // anywhere else, no framing, and no token leaking through Referer.
    return Net::httpResponse(
        200, "text/html; charset=utf-8", page,
        {{"Content-Security-Policy",
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
          "connect-src 'self' ws: wss:; img-src data:; base-uri 'none'; form-action 'none'; "
          "frame-ancestors 'none'"},
         {"X-Content-Type-Options", "nosniff"},
         {"Referrer-Policy", "no-referrer"},
         {"Cache-Control", "no-cache"}});
}

QByteArray HttpApi::healthz(const Call &) const
{
    return jsonResponse(200, {{u"status"_s, u"ok"_s}});
}

QByteArray HttpApi::readyz(const Call &) const
{
    // A request reaching us means the listener accepted it; shutting down
    // means it no longer does.
    const bool listening = !m_hub.shuttingDown;
    const HubStats stats = m_hub.q->stats();
    const bool ready = listening && stats.backplaneUp;
    QJsonObject body{
        {u"status"_s, ready ? u"ready"_s : u"not_ready"_s},
        {u"listening"_s, listening},
        {u"backplane"_s, QJsonObject{{u"kind"_s, stats.backplane}, {u"up"_s, stats.backplaneUp}}}};
    return jsonResponse(ready ? 200 : 503, body);
}

QByteArray HttpApi::status(const Call &call) const
{
    const auto counts = callerCounts(call);
    if (!counts)
        return unauthorized(counts.reason(), true);
    QJsonObject body = StatsJson::hub(m_hub.q->stats(), m_hub.now());
    body.insert(u"status"_s, m_hub.shuttingDown ? u"shutting_down"_s : u"ok"_s);
    body.insert(u"websocket_url"_s, u"/ws"_s);
    if (const std::optional<Counts> &caller = counts.value()) {
        body.insert(u"user"_s, QJsonObject{{u"user_id"_s, caller->identity.userId},
                                           {u"connections"_s, caller->user}});
        body.insert(u"tenant"_s, QJsonObject{{u"tenant"_s, caller->identity.tenant},
                                             {u"connections"_s, caller->tenant}});
    }
    return jsonResponse(200, body);
}

QByteArray HttpApi::wsStatus(const Call &call) const
{
    const auto counts = callerCounts(call);
    if (!counts)
        return unauthorized(counts.reason(), true);
    const Counts caller = counts.value().value_or(Counts());
    // Seed 001's shape, key for key.
    return jsonResponse(200, {{u"user_connections"_s, caller.user},
                              {u"tenant_connections"_s, caller.tenant},
                              {u"total_connections"_s, m_hub.q->connectionCount()},
                              {u"websocket_url"_s, u"/ws"_s}});
}

QByteArray HttpApi::metrics(const Call &) const
{
    const int top = m_hub.config.http.metricsTopChannels;
    return Net::httpResponse(
        200, PrometheusWriter::kContentType,
        HubMetrics::render(m_hub.q->stats(),
                           top > 0 ? m_hub.broker.channelStats() : QList<ChannelStats>(), top,
                           m_hub.now()));
}

QByteArray HttpApi::publish(const Call &call) const
{
    const auto decoded = decode<Wire::Publish>(u"publish"_s, call.body);
    if (const auto *refusal = std::get_if<QByteArray>(&decoded))
        return *refusal;
    if (const auto refusal = backplaneRefusal())
        return *refusal;
    const auto &command = std::get<Wire::Publish>(decoded);
    if (m_hub.remote()) {
        // Redis numbers it: answer once it has.
        m_hub.q->publish(command.channel, command.event, command.data,
                         [later = call.later, channel = command.channel](
                             const Result<quint64> &seq) { later(seqResponse(channel, seq)); });
        return {};
    }
    const Result<quint64> seq = m_hub.q->publish(command.channel, command.event, command.data);
    if (!seq)
        return badRequest(seq.reason());
    qCDebug(lcHttp).noquote() << "key" << call.key->name << "published on" << command.channel
                              << "seq" << *seq;
    return jsonResponse(*seq ? 200 : 202,
                        {{u"channel"_s, command.channel}, {u"seq"_s, seqValue(*seq)}});
}

QByteArray HttpApi::broadcast(const Call &call) const
{
    const QJsonValue list = call.body.value(u"channels"_s);
    if (!list.isArray() || list.toArray().isEmpty())
        return badRequest(u"'channels' must be a non-empty array of channel names"_s);
    const QJsonArray names = list.toArray();
    if (names.size() > kMaxBroadcastChannels)
        return badRequest(u"a broadcast names at most %1 channels"_s.arg(kMaxBroadcastChannels));
    // All or nothing: every channel is checked before the first is published to.
    QList<Wire::Publish> commands;
    for (const QJsonValue &name : names) {
        QJsonObject one = call.body;
        one.remove(u"channels"_s);
        one.insert(u"channel"_s, name);
        const auto decoded = decode<Wire::Publish>(u"publish"_s, one);
        if (const auto *refusal = std::get_if<QByteArray>(&decoded))
            return *refusal;
        const auto &command = std::get<Wire::Publish>(decoded);
        const bool repeated = std::any_of(commands.cbegin(), commands.cend(), [&](const auto &c) {
            return c.channel == command.channel;
        });
        if (!repeated)
            commands.append(command);
    }
    if (const auto refusal = backplaneRefusal())
        return *refusal;
    if (m_hub.remote()) {
        // Every channel answers on its own; the response waits for the last.
        struct Gather
        {
            QJsonObject seqs;
            QString failure;
            qsizetype remaining;
        };
        auto gather = std::make_shared<Gather>(Gather{{}, {}, commands.size()});
        for (const Wire::Publish &command : std::as_const(commands)) {
            m_hub.q->publish(
                command.channel, command.event, command.data,
                [gather, later = call.later,
                 channel = command.channel](const Result<quint64> &seq) {
                    if (seq)
                        gather->seqs.insert(channel, double(*seq));
                    else
                        gather->failure = seq.reason();
                    if (--gather->remaining > 0)
                        return;
                    later(gather->failure.isEmpty()
                              ? jsonResponse(200, {{u"seqs"_s, gather->seqs}})
                              : unavailable(u"not every channel was published to: %1"_s.arg(
                                    gather->failure)));
                });
        }
        return {};
    }
    QJsonObject seqs;
    bool pending = false;
    for (const Wire::Publish &command : std::as_const(commands)) {
        const Result<quint64> seq = m_hub.q->publish(command.channel, command.event, command.data);
        if (!seq)
            return errorResponse(500, u"internal"_s, seq.reason());
        pending = pending || *seq == 0;
        seqs.insert(command.channel, seqValue(*seq));
    }
    return jsonResponse(pending ? 202 : 200, {{u"seqs"_s, seqs}});
}

QByteArray HttpApi::channels(const Call &) const
{
    QJsonArray list;
    for (const ChannelStats &channel : m_hub.broker.channelStats()) {
        if (!channel.name.startsWith(u'$'))
            list.append(StatsJson::channel(channel));
    }
    return jsonResponse(200, {{u"channels"_s, list}});
}

QByteArray HttpApi::presence(const Call &call) const
{
    const auto decoded =
        decode<Wire::PresenceQuery>(u"presence"_s, queryObject(call.query, {u"channel"_s}));
    if (const auto *refusal = std::get_if<QByteArray>(&decoded))
        return *refusal;
    const QString &channel = std::get<Wire::PresenceQuery>(decoded).channel;
    if (m_hub.broker.isRemote(channel)) {
        m_hub.membersRemote(channel, [later = call.later,
                                      channel](const Result<QList<Wire::MemberSummary>> &members) {
            if (!members) {
                later(unavailable(u"presence unavailable: %1"_s.arg(members.reason())));
                return;
            }
            const QByteArray reply =
                Wire::Codec::encodeReply(Wire::PresenceReply{channel, *members}, {}, 0);
            later(Net::httpResponse(
                200, kJson,
                QJsonDocument(QJsonDocument::fromJson(reply).object().value(u"data"_s).toObject())
                    .toJson(QJsonDocument::Compact)));
        });
        return {};
    }
    // The WebSocket reply's own rendering, unwrapped: one shape for members.
    const QByteArray frame = Wire::Codec::encodeReply(
        Wire::PresenceReply{channel, m_hub.broker.presence(channel)}, QJsonValue(), m_hub.now());
    return jsonResponse(200, QJsonDocument::fromJson(frame).object().value(u"data"_s).toObject());
}

QByteArray HttpApi::history(const Call &call) const
{
    const auto decoded = decode<Wire::HistoryQuery>(
        u"history"_s, queryObject(call.query, {u"channel"_s}, {u"since"_s, u"limit"_s}));
    if (const auto *refusal = std::get_if<QByteArray>(&decoded))
        return *refusal;
    const auto &query = std::get<Wire::HistoryQuery>(decoded);
    if (!m_hub.broker.isReady(query.channel)) {
        // Not watched here: the backplane has it.
        const int limit =
            std::min(query.limit.value_or(m_hub.config.historySize), m_hub.config.historySize);
        m_hub.readRemote(
            query.channel, query.since, limit,
            [later = call.later,
             channel = query.channel](const Result<RedisBackplane::History> &history) {
                if (!history) {
                    later(unavailable(u"history unavailable: %1"_s.arg(history.reason())));
                    return;
                }
                QJsonArray messages;
                for (const Wire::Publication &p : history->publications)
                    messages.append(Wire::Codec::publicationToJson(p));
                later(jsonResponse(200, {{u"channel"_s, channel}, {u"messages"_s, messages}}));
            });
        return {};
    }
    // The messages are the bytes subscribers received, not a second rendering.
    QByteArray body = "{\"channel\":";
    Wire::Json::appendString(body, query.channel);
    body += ",\"messages\":[";
    bool first = true;
    for (const EventPtr &event : m_hub.broker.history(query.channel, query.since, query.limit)) {
        if (!std::exchange(first, false))
            body += ',';
        const QByteArrayView message = event->payload(Wire::Dialect::Herald);
        body.append(message.data(), message.size());
    }
    body += "]}";
    return Net::httpResponse(200, kJson, body);
}

std::optional<QByteArray> HttpApi::backplaneRefusal() const
{
    // A publication handed to a backplane that is down would be lost without
    // a word: refuse it instead.
    if (m_hub.remote() && !m_hub.backplaneUp)
        return unavailable(u"the backplane (Redis) is unreachable; nothing was published"_s);
    return std::nullopt;
}

const HttpConfig::ApiKey *HttpApi::apiKey(const QString &token) const
{
    const HttpConfig::ApiKey *found = nullptr;
    // No early exit: the time taken does not depend on which key matched.
    for (const HttpConfig::ApiKey &key : m_hub.config.http.apiKeys) {
        if (sameSecret(token, key.key) && !found)
            found = &key;
    }
    return found;
}

std::optional<Identity> HttpApi::identityForToken(const QString &token) const
{
    ConnectionRequest request;
    request.token = token;
    if (const AuthResult auth = m_hub.authenticate(request);
        auth.accepted && !auth.identity.anonymous)
        return auth.identity;
    if (const HttpConfig::ApiKey *key = apiKey(token))
        return key->identity;
    return std::nullopt;
}

Result<std::optional<HttpApi::Counts>> HttpApi::callerCounts(const Call &call) const
{
    QString token = bearerToken(call.request);
    if (token.isEmpty())
        token = call.query.queryItemValue(u"token"_s, QUrl::FullyDecoded);
    if (token.isEmpty())
        return std::optional<Counts>();
    const std::optional<Identity> identity = identityForToken(token);
    if (!identity)
        return Result<std::optional<Counts>>::failure(u"the token is not valid"_s);
    Counts counts;
    counts.identity = *identity;
    for (const ConnectionStats &connection : m_hub.q->connectionStats()) {
        if (!identity->userId.isEmpty() && connection.userId == identity->userId)
            ++counts.user;
        if (!identity->tenant.isEmpty() && connection.tenant == identity->tenant)
            ++counts.tenant;
    }
    return std::optional<Counts>(counts);
}

} // namespace Herald

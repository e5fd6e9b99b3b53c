#include "worker.h"

#include "payload.h"
#include "textsearch.h"
#include "websocketframe.h"

#include <QRandomGenerator>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace HeraldBench {

namespace {

// epoll tags for the two descriptors that are not connections; connection
// pointers are aligned, so they never take these values.
void *const kWakeTag = reinterpret_cast<void *>(std::uintptr_t(1));
void *const kTimerTag = reinterpret_cast<void *>(std::uintptr_t(2));

constexpr std::size_t kReadSize = 256 * 1024;

// One writer per counter: a plain load and store, no locked instruction.
void bump(std::atomic<std::uint64_t> &counter, std::uint64_t by = 1)
{
    counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

} // namespace

Worker::Worker(int index, const BenchConfig &config, BenchPlan &plan, const WireProtocol &protocol,
               BenchControl &control, const std::vector<std::unique_ptr<Worker>> &peers)
    : m_index(index)
    , m_config(config)
    , m_plan(plan)
    , m_protocol(protocol)
    , m_control(control)
    , m_peers(peers)
    , m_maskState(QRandomGenerator::global()->generate() | 1)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    m_timerFd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = kWakeTag;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event);
    event.data.ptr = kTimerTag;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timerFd, &event);
    m_connectLimit = std::max(1, config.connectConcurrency / std::max(1, config.threads));
    m_scratch.resize(kReadSize * 2);
}

Worker::~Worker()
{
    join();
    for (auto &c : m_connections)
        closeSocket(*c);
    ::close(m_timerFd);
    ::close(m_wakeFd);
    ::close(m_epoll);
}

void Worker::add(const BenchPlan::Connection &plan)
{
    auto c = std::make_unique<Connection>();
    c->plan = &plan;
    if (plan.role == BenchPlan::Role::Publisher)
        m_publishers.push_back(c.get());
    m_connections.push_back(std::move(c));
}

void Worker::start()
{
    m_thread = std::thread([this] { run(); });
}

void Worker::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void Worker::wake()
{
    if (m_wakePending.exchange(true, std::memory_order_acq_rel))
        return;
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(m_wakeFd, &one, sizeof one);
}

void Worker::run()
{
    epoll_event events[512];
    bool busy = false;
    for (;;) {
        const int phase = m_control.phase.load(std::memory_order_acquire);
        if (phase != m_phase)
            enterPhase(phase);
        if (phase == BenchControl::Done)
            break;
        // Busy: a publisher has more to send right away, so do not sleep.
        const int count = ::epoll_wait(m_epoll, events, 512, busy ? 0 : 100);
        for (int i = 0; i < count; ++i) {
            void *tag = events[i].data.ptr;
            if (tag == kWakeTag) {
                std::uint64_t value = 0;
                [[maybe_unused]] auto got = ::read(m_wakeFd, &value, sizeof value);
                m_wakePending.store(false, std::memory_order_release);
            } else if (tag == kTimerTag) {
                std::uint64_t expirations = 0;
                [[maybe_unused]] auto got = ::read(m_timerFd, &expirations, sizeof expirations);
            } else {
                onEvent(*static_cast<Connection *>(tag), events[i].events);
            }
        }
        // Every turn: whatever the reads acknowledged may let publishers go on.
        busy = m_phase == BenchControl::Run && pumpAll();
    }
    finish();
}

void Worker::enterPhase(int phase)
{
    m_phase = phase;
    live.phase.store(phase, std::memory_order_release);
    switch (phase) {
    case BenchControl::Connect:
        startConnections();
        break;
    case BenchControl::Subscribe:
        for (auto &c : m_connections) {
            if (c->plan->role != BenchPlan::Role::Subscriber || c->state != Connection::State::Open)
                continue;
            const std::string request =
                m_protocol.subscribe(m_plan.channels[c->plan->index].name, c->plan->user);
            c->state = Connection::State::Subscribing;
            sendFrame(*c, m_protocol.opcode(), request.data(), request.size());
            flush(*c);
        }
        break;
    case BenchControl::Run:
        armTimer(m_config.rate > 0 && !m_publishers.empty());
        break;
    default:
        armTimer(false);
        break;
    }
}

void Worker::armTimer(bool on)
{
    itimerspec spec{};
    if (on) {
        // Pace at the message interval, but never finer than 100 µs: past
        // that, each tick sends what is due.
        const auto interval =
            std::clamp<std::int64_t>(std::int64_t(1e9 / m_config.rate), 100000, 10000000);
        spec.it_interval.tv_sec = interval / 1000000000;
        spec.it_interval.tv_nsec = interval % 1000000000;
        spec.it_value = spec.it_interval;
    }
    ::timerfd_settime(m_timerFd, 0, &spec, nullptr);
}

void Worker::startConnections()
{
    while (m_connecting < m_connectLimit && m_nextToStart < m_connections.size())
        startConnection(*m_connections[m_nextToStart++]);
}

void Worker::startConnection(Connection &c)
{
    ++m_connecting;
    c.state = Connection::State::Connecting;
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
        lost(c, errnoText("socket"));
        return;
    }
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!m_config.bindAddress.empty()) {
        // Pick the port at connect time, per destination: more than 64 k
        // connections over several source addresses.
        ::setsockopt(c.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, m_config.bindAddress.c_str(), &local.sin_addr);
        if (::bind(c.fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0) {
            lost(c, errnoText("bind"));
            return;
        }
    }
    const Endpoint &endpoint = m_config.endpoints[c.plan->endpoint];
    if (::connect(c.fd, reinterpret_cast<const sockaddr *>(&endpoint.address),
                  sizeof endpoint.address) != 0 &&
        errno != EINPROGRESS) {
        lost(c, errnoText("connect"));
        return;
    }
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.ptr = &c;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &event);
}

void Worker::onEvent(Connection &c, std::uint32_t events)
{
    if (c.state == Connection::State::Closed)
        return;
    if (c.state == Connection::State::Connecting) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            return;
        int error = 0;
        socklen_t size = sizeof error;
        ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) {
            errno = error;
            lost(c, errnoText("connect"));
            return;
        }
        const Endpoint &endpoint = m_config.endpoints[c.plan->endpoint];
        c.key = WebSocketFrame::randomKey();
        c.out = WebSocketFrame::upgradeRequest(endpoint.hostPort, endpoint.path, c.key,
                                               m_protocol.subprotocol());
        c.state = Connection::State::Upgrading;
        flush(c);
        if (c.state == Connection::State::Closed)
            return;
    } else if ((events & EPOLLOUT) && c.outSent < c.out.size()) {
        flush(c);
        if (c.state == Connection::State::Closed)
            return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP))
        readAll(c);
}

void Worker::readAll(Connection &c)
{
    for (;;) {
        const std::size_t have = c.in.size();
        if (m_scratch.size() < have + kReadSize)
            m_scratch.resize(have + kReadSize);
        char *buffer = m_scratch.data();
        std::memcpy(buffer, c.in.data(), have);
        const std::size_t room = m_scratch.size() - have;
        const ssize_t got = ::recv(c.fd, buffer + have, room, 0);
        if (got > 0) {
            m_now = Payload::nowNs();
            bump(live.bytesIn, std::uint64_t(got));
            const std::size_t total = have + std::size_t(got);
            const std::size_t used = process(c, buffer, total);
            if (c.state == Connection::State::Closed)
                return;
            c.in.assign(buffer + used, total - used);
            if (std::size_t(got) < room)
                return; // drained: the next data raises a new edge
            continue;
        }
        if (got == 0) {
            lost(c, "closed by the server without a close frame");
            return;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        if (errno == EINTR)
            continue;
        lost(c, errnoText("recv"));
        return;
    }
}

std::size_t Worker::process(Connection &c, char *data, std::size_t size)
{
    std::size_t pos = 0;
    if (c.state == Connection::State::Upgrading) {
        const char *headEnd = findText(data, size, "\r\n\r\n", 4);
        if (!headEnd) {
            if (size > 16384)
                lost(c, "upgrade response too long");
            return 0;
        }
        pos = std::size_t(headEnd - data) + 4;
        const std::string problem = WebSocketFrame::checkUpgradeResponse(data, pos, c.key);
        if (!problem.empty()) {
            lost(c, problem);
            return size;
        }
        const std::string greeting = m_protocol.greeting();
        if (greeting.empty()) {
            opened(c);
        } else {
            c.state = Connection::State::Greeting;
            sendFrame(c, m_protocol.opcode(), greeting.data(), greeting.size());
            flush(c);
        }
        if (c.state == Connection::State::Closed)
            return size;
    }
    while (pos < size) {
        WebSocketFrame::Header header;
        const auto parsed = WebSocketFrame::parseHeader(data + pos, size - pos, header);
        if (parsed == WebSocketFrame::Parse::NeedMore)
            break;
        if (parsed == WebSocketFrame::Parse::Invalid) {
            lost(c, "invalid WebSocket frame from the server");
            return size;
        }
        const std::uint64_t frameSize = header.headerSize + header.payloadSize;
        if (frameSize > size - pos)
            break;
        char *payload = data + pos + header.headerSize;
        const auto payloadSize = std::size_t(header.payloadSize);
        if (header.masked) {
            const auto *mask = reinterpret_cast<const std::uint8_t *>(&header.mask);
            for (std::size_t i = 0; i < payloadSize; ++i)
                payload[i] = char(std::uint8_t(payload[i]) ^ mask[i & 3]);
        }
        pos += std::size_t(frameSize);
        onFrame(c, header.opcode, header.fin, payload, payloadSize);
        if (c.state == Connection::State::Closed)
            return size;
    }
    return pos;
}

void Worker::onFrame(Connection &c, std::uint8_t opcode, bool fin, const char *payload,
                     std::size_t size)
{
    switch (opcode) {
    case WebSocketFrame::Text:
    case WebSocketFrame::Binary:
        if (fin) {
            onMessage(c, payload, size);
        } else {
            c.message.assign(payload, size);
            c.messageOpcode = opcode;
        }
        break;
    case WebSocketFrame::Continuation:
        c.message.append(payload, size);
        if (fin) {
            std::string message;
            message.swap(c.message);
            onMessage(c, message.data(), message.size());
        }
        break;
    case WebSocketFrame::Ping:
        ++totals.pingsAnswered;
        sendFrame(c, WebSocketFrame::Pong, payload, size);
        flush(c);
        break;
    case WebSocketFrame::Pong:
        break;
    case WebSocketFrame::Close: {
        std::string why = "server closed the connection";
        if (size >= 2) {
            const int code = (std::uint8_t(payload[0]) << 8) | std::uint8_t(payload[1]);
            why += " with " + std::to_string(code);
            if (size > 2)
                why += " (" + std::string(payload + 2, size - 2) + ")";
        }
        sendFrame(c, WebSocketFrame::Close, payload, std::min<std::size_t>(size, 2));
        flush(c);
        lost(c, why);
        break;
    }
    default:
        break;
    }
}

void Worker::onMessage(Connection &c, const char *data, std::size_t size)
{
    ++totals.framesIn;
    m_current = &c;
    m_protocol.receive(c.streamTail, data, size, *this);
}

void Worker::opened(Connection &c)
{
    c.state = Connection::State::Open;
    if (c.plan->role == BenchPlan::Role::Subscriber)
        c.next.assign(m_plan.channels[c.plan->index].streams.size(), 1);
    bump(live.opened);
    --m_connecting;
    startConnections();
}

void Worker::lost(Connection &c, const std::string &why)
{
    const bool setup = c.state == Connection::State::Connecting ||
                       c.state == Connection::State::Upgrading ||
                       c.state == Connection::State::Greeting;
    closeSocket(c);
    if (setup) {
        bump(live.failed);
        Verification::first(totals.checks.firstConnectError, why);
        --m_connecting;
        startConnections();
    } else if (m_phase != BenchControl::Done) {
        bump(live.closed);
        Verification::first(totals.checks.firstClose, why);
    }
}

void Worker::closeSocket(Connection &c)
{
    if (c.fd >= 0)
        ::close(c.fd); // also leaves the epoll set
    c.fd = -1;
    c.state = Connection::State::Closed;
}

void Worker::sendFrame(Connection &c, std::uint8_t opcode, const char *data, std::size_t size)
{
    // xorshift: masks need not be strong here, only not all the same.
    m_maskState ^= m_maskState << 13;
    m_maskState ^= m_maskState >> 17;
    m_maskState ^= m_maskState << 5;
    std::uint8_t mask[4];
    std::memcpy(mask, &m_maskState, 4);
    WebSocketFrame::appendMasked(c.out, opcode, data, size, mask);
}

void Worker::flush(Connection &c)
{
    while (c.outSent < c.out.size()) {
        const ssize_t sent =
            ::send(c.fd, c.out.data() + c.outSent, c.out.size() - c.outSent, MSG_NOSIGNAL);
        if (sent > 0) {
            c.outSent += std::size_t(sent);
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
        } else if (errno != EINTR) {
            lost(c, errnoText("send"));
            return;
        }
    }
    if (c.outSent == c.out.size()) {
        c.out.clear();
        c.outSent = 0;
    } else if (c.outSent > 65536 && c.outSent > c.out.size() / 2) {
        c.out.erase(0, c.outSent);
        c.outSent = 0;
    }
}

bool Worker::pumpAll()
{
    bool more = false;
    if (m_publishers.empty())
        return false;
    const std::int64_t now = Payload::nowNs();
    for (Connection *c : m_publishers) {
        if (c->state == Connection::State::Open)
            more = pump(*c, now) || more;
    }
    return more;
}

bool Worker::pump(Connection &c, std::int64_t now)
{
    const BenchPlan::Publisher &publisher = m_plan.publishers[c.plan->index];
    std::uint64_t budget = std::uint64_t(m_config.batch);
    if (publisher.limit) {
        if (c.published >= publisher.limit)
            return false;
        budget = std::min(budget, publisher.limit - c.published);
    }
    if (m_config.rate > 0) {
        const double perPublisher = m_config.rate / double(m_plan.publishers.size());
        const std::int64_t start = m_control.runStartNs.load(std::memory_order_relaxed);
        const auto due = std::uint64_t(double(now - start) * perPublisher / 1e9) + 1;
        if (due <= c.published)
            return false;
        budget = std::min(budget, due - c.published);
    }
    const std::size_t streamCount = publisher.streams.size();
    std::uint64_t sent = 0;
    while (sent < budget) {
        // The next stream, in turn, whose subscribers are all within the cap.
        bool found = false;
        for (std::size_t k = 0; k < streamCount; ++k) {
            const std::size_t at = (c.turn + k) % streamCount;
            BenchPlan::Stream &stream = *m_plan.streams[publisher.streams[at]];
            advance(stream);
            if (stream.sent.load(std::memory_order_relaxed) - stream.delivered <
                std::uint64_t(m_config.inflight)) {
                c.turn = (at + 1) % streamCount;
                appendMessage(c, stream, now);
                found = true;
                break;
            }
        }
        if (!found)
            break;
        ++sent;
    }
    if (sent)
        flush(c);
    if (publisher.limit && c.published >= publisher.limit)
        bump(live.publishersDone);
    return sent == budget && c.state == Connection::State::Open;
}

void Worker::advance(BenchPlan::Stream &stream)
{
    const std::uint64_t sent = stream.sent.load(std::memory_order_relaxed);
    while (stream.delivered < sent) {
        auto &slot = stream.acks[(stream.delivered + 1) % stream.window];
        if (slot.load(std::memory_order_acquire) < stream.subscribers)
            break;
        slot.store(0, std::memory_order_relaxed);
        ++stream.delivered;
    }
}

void Worker::appendMessage(Connection &c, BenchPlan::Stream &stream, std::int64_t now)
{
    const std::uint64_t counter = stream.sent.load(std::memory_order_relaxed) + 1;
    const std::size_t at = c.out.size();
    c.out.append(stream.frame);
    char *payload = &c.out[at + stream.payloadInFrame];
    // Patch the digits of the pre-built frame, masked as the bytes they replace.
    auto patch = [&](std::size_t offset, std::size_t digits, std::uint64_t value) {
        char text[24];
        Payload::writeDigits(text, digits, value);
        for (std::size_t j = 0; j < digits; ++j) {
            const std::size_t inPayload = offset + j;
            payload[inPayload] =
                char(text[j] ^ stream.mask[(stream.payloadInMessage + inPayload) & 3]);
        }
    };
    patch(Payload::kCounterOffset, Payload::kCounterDigits, counter);
    patch(Payload::kTimeOffset, Payload::kTimeDigits, std::uint64_t(now));
    stream.sent.store(counter, std::memory_order_release);
    ++c.published;
}

void Worker::acknowledge(std::uint32_t streamId, std::uint64_t counter)
{
    BenchPlan::Stream &stream = *m_plan.streams[streamId];
    const std::uint32_t have =
        stream.acks[counter % stream.window].fetch_add(1, std::memory_order_acq_rel) + 1;
    if (have == stream.subscribers && stream.publisherWorker != m_index)
        m_peers[std::size_t(stream.publisherWorker)]->wake();
}

void Worker::delivered(const char *payload, std::size_t available, std::int64_t seq)
{
    Connection &c = *m_current;
    bump(live.deliveries);
    Payload::Fields fields;
    if (c.plan->role != BenchPlan::Role::Subscriber ||
        !Payload::parse(payload, available, fields) || fields.channel != c.plan->index ||
        fields.publisher >= m_plan.publishers.size()) {
        ++totals.checks.foreign;
        return;
    }
    const BenchPlan::Channel &channel = m_plan.channels[fields.channel];
    const int local = channel.localStream[fields.publisher];
    if (local < 0 || c.next.empty()) {
        ++totals.checks.foreign;
        return;
    }
    std::uint64_t &next = c.next[std::size_t(local)];
    if (fields.counter == next) {
        ++next;
        bump(live.acked);
        acknowledge(channel.streams[std::size_t(local)], fields.counter);
    } else if (fields.counter > next) {
        totals.checks.gaps += fields.counter - next;
        next = fields.counter + 1;
    } else {
        ++totals.checks.backwards;
    }
    if (seq >= 0) {
        if (c.lastSeq >= 0 && seq != c.lastSeq + 1)
            ++totals.checks.seqErrors;
        c.lastSeq = seq;
    }
    if (fields.sentNs >= m_control.windowStartNs.load(std::memory_order_relaxed) &&
        fields.sentNs < m_control.windowEndNs.load(std::memory_order_relaxed))
        totals.latency.record(m_now - fields.sentNs);
}

void Worker::confirmed()
{
    Connection &c = *m_current;
    if (c.state == Connection::State::Greeting) {
        opened(c);
    } else if (c.state == Connection::State::Subscribing) {
        c.state = Connection::State::Ready;
        bump(live.subscribed);
    }
}

void Worker::serverError(const char *text, std::size_t size)
{
    ++totals.checks.serverErrors;
    Verification::first(totals.checks.firstServerError, std::string(text, size));
}

void Worker::other()
{
    bump(live.otherFrames);
}

void Worker::answer(const std::string &message)
{
    sendFrame(*m_current, m_protocol.opcode(), message.data(), message.size());
    flush(*m_current);
}

void Worker::finish()
{
    for (auto &c : m_connections) {
        if (c->plan->role == BenchPlan::Role::Subscriber) {
            const BenchPlan::Channel &channel = m_plan.channels[c->plan->index];
            for (std::size_t i = 0; i < channel.streams.size(); ++i) {
                const std::uint64_t sent =
                    m_plan.streams[channel.streams[i]]->sent.load(std::memory_order_acquire);
                const std::uint64_t have = c->next.empty() ? 0 : c->next[i] - 1;
                if (sent > have)
                    totals.checks.missing += sent - have;
            }
        }
        if (c->fd >= 0) {
            static const char normal[2] = {char(0x03), char(0xe8)}; // 1000
            sendFrame(*c, WebSocketFrame::Close, normal, 2);
            flush(*c);
            closeSocket(*c);
        }
    }
}

} // namespace HeraldBench

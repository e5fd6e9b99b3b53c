#include <herald/message.h>

namespace Herald {

class MessageData : public QSharedData
{
public:
    QString channel;
    QString type;
    quint64 seq = 0;
    QString epoch;
    QString id;
    QDateTime timestamp;
    Member sender;
    QJsonValue data;
};

Message::Message()
    : d(new MessageData)
{}

Message::Message(const Message &other) = default;
Message::Message(Message &&other) noexcept = default;
Message &Message::operator=(const Message &other) = default;
Message &Message::operator=(Message &&other) noexcept = default;
Message::~Message() = default;

QString Message::channel() const
{
    return d->channel;
}

void Message::setChannel(const QString &channel)
{
    d->channel = channel;
}

QString Message::type() const
{
    return d->type;
}

void Message::setType(const QString &type)
{
    d->type = type;
}

quint64 Message::seq() const
{
    return d->seq;
}

void Message::setSeq(quint64 seq)
{
    d->seq = seq;
}

QString Message::epoch() const
{
    return d->epoch;
}

void Message::setEpoch(const QString &epoch)
{
    d->epoch = epoch;
}

QString Message::id() const
{
    return d->id;
}

void Message::setId(const QString &id)
{
    d->id = id;
}

QDateTime Message::timestamp() const
{
    return d->timestamp;
}

void Message::setTimestamp(const QDateTime &timestamp)
{
    d->timestamp = timestamp;
}

Member Message::sender() const
{
    return d->sender;
}

void Message::setSender(const Member &sender)
{
    d->sender = sender;
}

QJsonValue Message::data() const
{
    return d->data;
}

void Message::setData(const QJsonValue &data)
{
    d->data = data;
}

bool operator==(const Message &a, const Message &b)
{
    return a.d == b.d ||
           (a.d->channel == b.d->channel && a.d->type == b.d->type && a.d->seq == b.d->seq &&
            a.d->epoch == b.d->epoch && a.d->id == b.d->id && a.d->timestamp == b.d->timestamp &&
            a.d->sender == b.d->sender && a.d->data == b.d->data);
}

} // namespace Herald

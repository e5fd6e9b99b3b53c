#pragma once

#include <herald/client_export.h>
#include <herald/member.h>

#include <QDateTime>
#include <QJsonValue>
#include <QMetaType>
#include <QObject>
#include <QSharedDataPointer>
#include <QString>

namespace Herald {

class MessageData;

/// One publication on a channel, as a subscriber receives it. A value type,
/// usable from QML.
class HERALD_CLIENT_EXPORT Message
{
    Q_GADGET
    Q_PROPERTY(QString channel READ channel WRITE setChannel)
    Q_PROPERTY(QString type READ type WRITE setType)
    Q_PROPERTY(quint64 seq READ seq WRITE setSeq)
    Q_PROPERTY(QString epoch READ epoch WRITE setEpoch)
    Q_PROPERTY(QString id READ id WRITE setId)
    Q_PROPERTY(QDateTime timestamp READ timestamp WRITE setTimestamp)
    Q_PROPERTY(Herald::Member sender READ sender WRITE setSender)
    Q_PROPERTY(QJsonValue data READ data WRITE setData)

public:
    Message();
    Message(const Message &other);
    Message(Message &&other) noexcept;
    Message &operator=(const Message &other);
    Message &operator=(Message &&other) noexcept;
    ~Message();

    QString channel() const;
    void setChannel(const QString &channel);
    /// The publisher's event name ("message" unless it said otherwise).
    QString type() const;
    void setType(const QString &type);
    /// Position on the channel: counts up by one per publication. 0 for hub
    /// events that are not publications (they carry no seq).
    quint64 seq() const;
    void setSeq(quint64 seq);
    /// Which history the seq belongs to; it changes when the hub lost it.
    QString epoch() const;
    void setEpoch(const QString &epoch);
    QString id() const;
    void setId(const QString &id);
    /// When the hub accepted the publication (UTC).
    QDateTime timestamp() const;
    void setTimestamp(const QDateTime &timestamp);
    /// Who published it; empty for the hub's own publications.
    Member sender() const;
    void setSender(const Member &sender);
    QJsonValue data() const;
    void setData(const QJsonValue &data);

    friend HERALD_CLIENT_EXPORT bool operator==(const Message &a, const Message &b);
    friend bool operator!=(const Message &a, const Message &b) { return !(a == b); }

private:
    QSharedDataPointer<MessageData> d;
};

} // namespace Herald

Q_DECLARE_METATYPE(Herald::Message)

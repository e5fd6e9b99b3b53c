#pragma once

#include "keyedrowsmodel.h"
#include "presenceentry.h"

#include <herald/member.h>

namespace Herald::Monitor {

/// Who is on one channel, one row per user: set from a presence reply,
/// then kept live from presence.joined / presence.left (one per connection).
class PresenceModel : public KeyedRowsModel<PresenceEntry>
{
    Q_OBJECT
    Q_PROPERTY(QString channel READ channel NOTIFY channelChanged)

public:
    enum Column { User, Name, Connections, Since, ColumnCount };
    Q_ENUM(Column)

    explicit PresenceModel(QObject *parent = nullptr);

    QString channel() const;
    /// Watches another channel: empties the list.
    void setChannel(const QString &channel);
    /// A presence reply: the whole list as the hub has it now.
    void reset(const QList<Herald::Member> &members);
    void join(const Herald::Member &member);
    void leave(const Herald::Member &member);
    /// Connections present, all users together.
    int connectionCount() const;

Q_SIGNALS:
    void channelChanged(const QString &channel);

protected:
    QString keyOf(const PresenceEntry &row) const override { return row.userId; }
    const QList<ColumnSpec<PresenceEntry>> &columns() const override;

private:
    QString m_channel;
};

} // namespace Herald::Monitor

#include "presencemodel.h"

#include "format.h"

namespace Herald::Monitor {

PresenceModel::PresenceModel(QObject *parent)
    : KeyedRowsModel(parent)
{}

QString PresenceModel::channel() const
{
    return m_channel;
}

void PresenceModel::setChannel(const QString &channel)
{
    clear();
    if (m_channel == channel)
        return;
    m_channel = channel;
    emit channelChanged(channel);
}

void PresenceModel::reset(const QList<Herald::Member> &members)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<PresenceEntry> rows;
    rows.reserve(members.size());
    for (const Herald::Member &member : members) {
        PresenceEntry entry{member.userId(), member.userName(), member.connectionCount(), now,
                            false};
        // Someone already listed keeps the time we first saw them.
        if (const int at = rowOf(entry.userId); at >= 0) {
            entry.since = rowAt(at).since;
            entry.sinceKnown = rowAt(at).sinceKnown;
        }
        rows.append(entry);
    }
    sync(rows);
}

void PresenceModel::join(const Herald::Member &member)
{
    const int at = rowOf(member.userId());
    if (at < 0) {
        appendRows({PresenceEntry{member.userId(), member.userName(), 1,
                                  QDateTime::currentDateTimeUtc(), true}});
        return;
    }
    PresenceEntry entry = rowAt(at);
    ++entry.connections;
    replaceRow(at, entry);
}

void PresenceModel::leave(const Herald::Member &member)
{
    const int at = rowOf(member.userId());
    if (at < 0)
        return;
    PresenceEntry entry = rowAt(at);
    if (--entry.connections <= 0)
        removeRange(at, at);
    else
        replaceRow(at, entry);
}

int PresenceModel::connectionCount() const
{
    int count = 0;
    for (const PresenceEntry &entry : rows())
        count += entry.connections;
    return count;
}

const QList<ColumnSpec<PresenceEntry>> &PresenceModel::columns() const
{
    using Row = PresenceEntry;
    static const QList<ColumnSpec<Row>> columns = {
        {QT_TRANSLATE_NOOP("Herald::Monitor::PresenceModel", "User"),
         [](const Row &r) -> QVariant { return r.userId; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::PresenceModel", "Name"),
         [](const Row &r) -> QVariant { return r.userName; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::PresenceModel", "Connections"),
         [](const Row &r) -> QVariant { return Format::count(quint64(r.connections)); },
         [](const Row &r) -> QVariant { return r.connections; }, nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::PresenceModel", "Since"),
         [](const Row &r) -> QVariant {
             if (r.sinceKnown)
                 return Format::time(r.since);
             //: Presence: the user was already there when the monitor looked, at this time
             return tr("before %1").arg(Format::time(r.since));
         },
         [](const Row &r) -> QVariant { return r.since; }},
    };
    return columns;
}

} // namespace Herald::Monitor

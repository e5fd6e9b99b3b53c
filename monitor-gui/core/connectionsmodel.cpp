#include "connectionsmodel.h"

#include "format.h"

namespace Herald::Monitor {

ConnectionsModel::ConnectionsModel(QObject *parent)
    : KeyedRowsModel(parent)
{}

void ConnectionsModel::update(const QJsonArray &connections)
{
    QList<ConnectionInfo> rows;
    rows.reserve(connections.size());
    for (const QJsonValue &entry : connections) {
        ConnectionInfo info = ConnectionInfo::fromJson(entry.toObject());
        if (!info.id.isEmpty())
            rows.append(info);
    }
    sync(rows);
}

const QList<ColumnSpec<ConnectionInfo>> &ConnectionsModel::columns() const
{
    using Row = ConnectionInfo;
    static const QList<ColumnSpec<Row>> columns = {
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "Connection"),
         [](const Row &r) -> QVariant { return r.id; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "User"),
         [](const Row &r) -> QVariant {
             if (r.userName.isEmpty() || r.userName == r.userId)
                 return r.userId;
             //: A user: their name, then their id
             return tr("%1 (%2)").arg(r.userName, r.userId);
         }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "Tenant"),
         [](const Row &r) -> QVariant { return r.tenant; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "Remote address"),
         [](const Row &r) -> QVariant { return r.peer; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "Dialect"),
         [](const Row &r) -> QVariant { return r.dialect; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "Subscriptions"),
         [](const Row &r) -> QVariant { return Format::count(quint64(r.subscriptions)); },
         [](const Row &r) -> QVariant { return r.subscriptions; }, nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "In"),
         [](const Row &r) -> QVariant { return Format::count(r.messagesIn); },
         [](const Row &r) -> QVariant { return r.messagesIn; }, nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "Out"),
         [](const Row &r) -> QVariant { return Format::count(r.messagesOut); },
         [](const Row &r) -> QVariant { return r.messagesOut; }, nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ConnectionsModel", "Since"),
         [](const Row &r) -> QVariant { return Format::time(r.connectedAt); },
         [](const Row &r) -> QVariant { return r.connectedAt; },
         [](const Row &r) -> QVariant { return Format::fullTime(r.connectedAt); }},
    };
    return columns;
}

} // namespace Herald::Monitor

#pragma once

#include "connectioninfo.h"
#include "keyedrowsmodel.h"

#include <QJsonArray>

namespace Herald::Monitor {

/// The hub's client connections, from admin.connections replies.
class ConnectionsModel : public KeyedRowsModel<ConnectionInfo>
{
    Q_OBJECT

public:
    enum Column {
        Id,
        User,
        Tenant,
        Peer,
        Dialect,
        Subscriptions,
        MessagesIn,
        MessagesOut,
        Since,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit ConnectionsModel(QObject *parent = nullptr);

    /// Takes the `connections` list of an admin.connections reply.
    void update(const QJsonArray &connections);

protected:
    QString keyOf(const ConnectionInfo &row) const override { return row.id; }
    const QList<ColumnSpec<ConnectionInfo>> &columns() const override;
};

} // namespace Herald::Monitor

#pragma once

#include "channelrow.h"
#include "hubrates.h"
#include "keyedrowsmodel.h"
#include "statssnapshot.h"

namespace Herald::Monitor {

/// The hub's channels, one row each, kept up to date from $sys.stats.
class ChannelsModel : public KeyedRowsModel<ChannelRow>
{
    Q_OBJECT

public:
    enum Column { Name, Subscribers, Rate, Total, LastSeq, LastActivity, ColumnCount };
    Q_ENUM(Column)

    explicit ChannelsModel(QObject *parent = nullptr);

    /// Takes a snapshot and the rates since the previous one.
    void update(const StatsSnapshot &snapshot, const HubRates &rates);

protected:
    QString keyOf(const ChannelRow &row) const override { return row.sample.name; }
    const QList<ColumnSpec<ChannelRow>> &columns() const override;
};

} // namespace Herald::Monitor

#include "channelsmodel.h"

#include "format.h"

namespace Herald::Monitor {

ChannelsModel::ChannelsModel(QObject *parent)
    : KeyedRowsModel(parent)
{}

void ChannelsModel::update(const StatsSnapshot &snapshot, const HubRates &rates)
{
    QList<ChannelRow> rows;
    rows.reserve(snapshot.channels.size());
    for (const ChannelSample &sample : snapshot.channels)
        rows.append(ChannelRow{sample, rates.channels.value(sample.name)});
    sync(rows);
}

const QList<ColumnSpec<ChannelRow>> &ChannelsModel::columns() const
{
    using Row = ChannelRow;
    static const QList<ColumnSpec<Row>> columns = {
        {QT_TRANSLATE_NOOP("Herald::Monitor::ChannelsModel", "Channel"),
         [](const Row &r) -> QVariant { return r.sample.name; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ChannelsModel", "Subscribers"),
         [](const Row &r) -> QVariant { return Format::count(quint64(r.sample.subscribers)); },
         [](const Row &r) -> QVariant { return r.sample.subscribers; }, nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ChannelsModel", "Messages/s"),
         [](const Row &r) -> QVariant { return Format::rate(r.rate); },
         [](const Row &r) -> QVariant { return r.rate; }, nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ChannelsModel", "Total"),
         [](const Row &r) -> QVariant { return Format::count(r.sample.published); },
         [](const Row &r) -> QVariant { return r.sample.published; }, nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ChannelsModel", "Last seq"),
         [](const Row &r) -> QVariant { return Format::count(r.sample.lastSeq); },
         [](const Row &r) -> QVariant { return r.sample.lastSeq; },
         [](const Row &r) -> QVariant { return tr("Epoch %1").arg(r.sample.epoch); }, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::ChannelsModel", "Last activity"),
         [](const Row &r) -> QVariant { return Format::time(r.sample.lastActivity); },
         [](const Row &r) -> QVariant { return r.sample.lastActivity; },
         [](const Row &r) -> QVariant { return Format::fullTime(r.sample.lastActivity); }, true},
    };
    return columns;
}

} // namespace Herald::Monitor

#include "ratesmodel.h"

#include "format.h"
#include "modelrole.h"

namespace Herald::Monitor {

RatesModel::RatesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RatesModel::addSample(const QDateTime &time, const HubRates &rates)
{
    const int row = int(m_samples.size());
    beginInsertRows({}, row, row);
    m_samples.append(Sample{time, rates.publicationsIn, rates.deliveriesOut});
    // Channels that are gone lose their past; the others get one more value.
    for (auto it = m_channels.begin(); it != m_channels.end();) {
        if (!rates.channels.contains(it.key()))
            it = m_channels.erase(it);
        else
            ++it;
    }
    for (auto it = rates.channels.begin(); it != rates.channels.end(); ++it)
        m_channels[it.key()].append(it.value());
    endInsertRows();
    trim();
}

void RatesModel::trim()
{
    const int excess = int(m_samples.size()) - m_capacity;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_samples.remove(0, excess);
    for (QList<double> &values : m_channels) {
        if (values.size() > m_capacity)
            values.remove(0, values.size() - m_capacity);
    }
    endRemoveRows();
}

void RatesModel::clear()
{
    beginResetModel();
    m_samples.clear();
    m_channels.clear();
    endResetModel();
}

QString RatesModel::selectedChannel() const
{
    return m_selected;
}

void RatesModel::setSelectedChannel(const QString &channel)
{
    if (m_selected == channel)
        return;
    m_selected = channel;
    emit headerDataChanged(Qt::Horizontal, Selected, Selected);
    if (!m_samples.isEmpty())
        emit dataChanged(index(0, Selected), index(rowCount() - 1, Selected));
    emit selectedChannelChanged(channel);
}

int RatesModel::capacity() const
{
    return m_capacity;
}

void RatesModel::setCapacity(int samples)
{
    m_capacity = std::max(2, samples);
    trim();
}

QDateTime RatesModel::timeAt(int row) const
{
    return m_samples.at(row).time;
}

double RatesModel::valueAt(int row, Column column) const
{
    const Sample &sample = m_samples.at(row);
    switch (column) {
    case PublicationsIn:
        return sample.publicationsIn;
    case DeliveriesOut:
        return sample.deliveriesOut;
    case Selected: {
        const QList<double> values = m_channels.value(m_selected);
        const int offset = int(m_samples.size() - values.size());
        return row >= offset ? values.at(row - offset) : 0.0;
    }
    default:
        return 0.0;
    }
}

double RatesModel::maximum(const QList<Column> &columns) const
{
    double maximum = 0;
    for (int row = 0; row < m_samples.size(); ++row) {
        for (Column column : columns)
            maximum = std::max(maximum, valueAt(row, column));
    }
    return maximum;
}

int RatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_samples.size());
}

int RatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto column = Column(index.column());
    if (role == SortRole)
        return column == Time ? QVariant(timeAt(index.row())) : valueAt(index.row(), column);
    if (role != Qt::DisplayRole)
        return {};
    if (column == Time)
        return Format::time(timeAt(index.row()));
    return Format::rate(valueAt(index.row(), column));
}

QVariant RatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case PublicationsIn:
        return tr("Publications/s");
    case DeliveriesOut:
        return tr("Deliveries/s");
    case Selected:
        return m_selected.isEmpty() ? tr("Selected channel/s") : tr("%1/s").arg(m_selected);
    }
    return {};
}

} // namespace Herald::Monitor

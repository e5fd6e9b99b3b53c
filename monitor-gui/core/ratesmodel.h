#pragma once

#include "hubrates.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>

namespace Herald::Monitor {

/// Publication rates over the last minutes, one row per snapshot (oldest
/// first): the hub's publications in and deliveries out per second, and
/// the selected channel's publications per second. Every channel's recent
/// rates are kept, so selecting one shows its past at once.
class RatesModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(QString selectedChannel READ selectedChannel WRITE setSelectedChannel NOTIFY
                   selectedChannelChanged)
    Q_PROPERTY(int capacity READ capacity WRITE setCapacity)

public:
    enum Column { Time, PublicationsIn, DeliveriesOut, Selected, ColumnCount };
    Q_ENUM(Column)

    explicit RatesModel(QObject *parent = nullptr);

    void addSample(const QDateTime &time, const HubRates &rates);
    void clear();

    QString selectedChannel() const;
    void setSelectedChannel(const QString &channel);
    /// Samples kept (default 300: five minutes of one-second snapshots).
    int capacity() const;
    void setCapacity(int samples);

    QDateTime timeAt(int row) const;
    double valueAt(int row, Column column) const;
    /// The largest value in the given columns, 0 when empty.
    double maximum(const QList<Column> &columns) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void selectedChannelChanged(const QString &channel);

private:
    struct Sample
    {
        QDateTime time;
        double publicationsIn = 0;
        double deliveriesOut = 0;
    };
    void trim();

    QList<Sample> m_samples;
    // Each channel's rates for the newest samples (its list ends with the
    // newest sample; a channel seen for less time has a shorter list).
    QHash<QString, QList<double>> m_channels;
    QString m_selected;
    int m_capacity = 300;
};

} // namespace Herald::Monitor

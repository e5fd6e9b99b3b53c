#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace Herald::Monitor {

/// One publication in the tail, with its one-line payload rendered once
/// when it arrives rather than at every repaint.
struct TailEntry
{
    QDateTime time;
    quint64 seq = 0;
    QString event;
    QString sender;
    QJsonValue data;
    QString payload; // compact, cut short
};

} // namespace Herald::Monitor

#pragma once

#include "columnspec.h"
#include "tailentry.h"

#include <herald/message.h>

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

namespace Herald::Monitor {

/// The live stream of the watched channel, newest last. Messages are not
/// put in the model one by one: they wait in a buffer that is appended at
/// most every flushInterval ms, in one insert, so a busy channel costs the
/// view a few updates a second, and the model keeps at most maxRows rows.
class TailModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(int maxRows READ maxRows WRITE setMaxRows)
    Q_PROPERTY(int flushInterval READ flushInterval WRITE setFlushInterval)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)

public:
    enum Column { Time, Seq, Event, Sender, Payload, ColumnCount };
    Q_ENUM(Column)

    explicit TailModel(QObject *parent = nullptr);

    /// Queues a message; it shows at the next flush.
    void append(const Herald::Message &message);
    /// Older messages (a history reply) go above what is shown, oldest
    /// first, as long as there is room; seqs already shown are skipped.
    void prependHistory(const QList<Herald::Message> &messages);
    /// Moves what waits into the model now (unless paused).
    void flush();
    /// Empties the model and what waits.
    void clear();

    /// While paused nothing reaches the view; messages wait (the newest
    /// maxRows of them) and show when it resumes.
    bool isPaused() const;
    void setPaused(bool paused);
    int maxRows() const;
    void setMaxRows(int rows);
    int flushInterval() const;
    void setFlushInterval(int ms);
    /// Messages waiting for the next flush or for the end of a pause.
    int pendingCount() const;
    /// Messages that never reached the view: over maxRows while paused.
    quint64 droppedCount() const;

    const TailEntry &entryAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void pausedChanged(bool paused);
    void pendingCountChanged(int count);

private:
    static const QList<ColumnSpec<TailEntry>> &columns();
    static TailEntry entryOf(const Herald::Message &message);
    void schedule();
    void timerFired();

    QList<TailEntry> m_rows;
    QList<Herald::Message> m_pending;
    QTimer m_flushTimer;
    bool m_paused = false;
    int m_maxRows = 2000;
    int m_lastPendingReported = 0;
    quint64 m_dropped = 0;
};

} // namespace Herald::Monitor

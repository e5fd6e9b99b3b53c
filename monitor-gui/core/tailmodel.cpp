#include "tailmodel.h"

#include "format.h"

namespace Herald::Monitor {

TailModel::TailModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { timerFired(); });
}

void TailModel::append(const Herald::Message &message)
{
    m_pending.append(message);
    // Only the newest maxRows could ever be shown.
    if (m_pending.size() > m_maxRows) {
        const qsizetype excess = m_pending.size() - m_maxRows;
        m_pending.remove(0, excess);
        m_dropped += quint64(excess);
    }
    schedule();
}

void TailModel::schedule()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TailModel::timerFired()
{
    if (!m_paused) {
        flush();
        return;
    }
    if (m_lastPendingReported != int(m_pending.size())) {
        m_lastPendingReported = int(m_pending.size());
        emit pendingCountChanged(m_lastPendingReported);
    }
}

void TailModel::flush()
{
    if (m_paused || m_pending.isEmpty())
        return;
    QList<Herald::Message> batch;
    batch.swap(m_pending);
    m_flushTimer.stop();
    const int overflow = int(m_rows.size() + batch.size()) - m_maxRows;
    if (overflow > 0) {
        const int fromRows = std::min(overflow, int(m_rows.size()));
        if (fromRows > 0) {
            beginRemoveRows({}, 0, fromRows - 1);
            m_rows.remove(0, fromRows);
            endRemoveRows();
        }
        if (overflow > fromRows)
            batch.remove(0, overflow - fromRows);
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    for (const Herald::Message &message : std::as_const(batch))
        m_rows.append(entryOf(message));
    endInsertRows();
    if (m_lastPendingReported != 0) {
        m_lastPendingReported = 0;
        emit pendingCountChanged(0);
    }
}

void TailModel::prependHistory(const QList<Herald::Message> &messages)
{
    const quint64 firstShown = m_rows.isEmpty() ? 0 : m_rows.first().seq;
    const quint64 firstWaiting = m_pending.isEmpty() ? 0 : m_pending.first().seq();
    const quint64 limit = firstShown ? firstShown : firstWaiting;
    QList<TailEntry> older;
    for (const Herald::Message &message : messages) {
        if (!limit || message.seq() < limit)
            older.append(entryOf(message));
    }
    const int room = m_maxRows - int(m_rows.size() + m_pending.size());
    if (room <= 0 || older.isEmpty())
        return;
    if (older.size() > room)
        older.remove(0, older.size() - room);
    beginInsertRows({}, 0, int(older.size()) - 1);
    m_rows = older + m_rows;
    endInsertRows();
}

void TailModel::clear()
{
    m_pending.clear();
    m_flushTimer.stop();
    if (m_lastPendingReported != 0) {
        m_lastPendingReported = 0;
        emit pendingCountChanged(0);
    }
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

bool TailModel::isPaused() const
{
    return m_paused;
}

void TailModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    emit pausedChanged(paused);
    if (!paused)
        flush();
}

int TailModel::maxRows() const
{
    return m_maxRows;
}

void TailModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
}

int TailModel::flushInterval() const
{
    return m_flushTimer.interval();
}

void TailModel::setFlushInterval(int ms)
{
    m_flushTimer.setInterval(std::max(0, ms));
}

int TailModel::pendingCount() const
{
    return int(m_pending.size());
}

quint64 TailModel::droppedCount() const
{
    return m_dropped;
}

const TailEntry &TailModel::entryAt(int row) const
{
    return m_rows.at(row);
}

TailEntry TailModel::entryOf(const Herald::Message &message)
{
    const Herald::Member sender = message.sender();
    QString who = sender.userName().isEmpty() ? sender.userId() : sender.userName();
    return TailEntry{message.timestamp(), message.seq(),
                     message.type(),      who,
                     message.data(),      Format::compactJson(message.data())};
}

int TailModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TailModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(columns().size());
}

const QList<ColumnSpec<TailEntry>> &TailModel::columns()
{
    using Row = TailEntry;
    static const QList<ColumnSpec<Row>> columns = {
        {QT_TRANSLATE_NOOP("Herald::Monitor::TailModel", "Time"),
         [](const Row &r) -> QVariant { return Format::preciseTime(r.time); },
         [](const Row &r) -> QVariant { return r.time; },
         [](const Row &r) -> QVariant { return Format::fullTime(r.time); }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::TailModel", "Seq"),
         [](const Row &r) -> QVariant { return r.seq ? QVariant(r.seq) : QVariant(); }, nullptr,
         nullptr, true},
        {QT_TRANSLATE_NOOP("Herald::Monitor::TailModel", "Event"),
         [](const Row &r) -> QVariant { return r.event; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::TailModel", "Sender"),
         [](const Row &r) -> QVariant { return r.sender; }},
        {QT_TRANSLATE_NOOP("Herald::Monitor::TailModel", "Payload"),
         [](const Row &r) -> QVariant { return r.payload; }},
    };
    return columns;
}

QVariant TailModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const TailEntry &entry = m_rows.at(index.row());
    if (role == KeyRole)
        return entry.seq;
    return columns().at(index.column()).data(entry, role);
}

QVariant TailModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnHeader(columns(), metaObject()->className(), section, orientation, role);
}

} // namespace Herald::Monitor

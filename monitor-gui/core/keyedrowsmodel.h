#pragma once

#include "columnspec.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace Herald::Monitor {

/// A table whose rows each have a key (a channel name, a connection id),
/// brought up to date from whole lists the hub sends every second with as
/// few model signals as it takes, so that views keep their selection and
/// scroll position and do not redraw what did not change. Its columns are
/// a list of ColumnSpec; KeyRole answers the row's key in every column.
template<typename Row>
class KeyedRowsModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(columns().size());
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid))
            return {};
        const Row &row = m_rows.at(index.row());
        if (role == KeyRole)
            return keyOf(row);
        return columns().at(index.column()).data(row, role);
    }
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override
    {
        return columnHeader(columns(), metaObject()->className(), section, orientation, role);
    }
    const QList<Row> &rows() const { return m_rows; }
    const Row &rowAt(int row) const { return m_rows.at(row); }
    /// The row holding `key`, or -1.
    int rowOf(const QString &key) const { return m_index.value(key, -1); }

    /// Empties the table.
    void clear()
    {
        if (m_rows.isEmpty())
            return;
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        endResetModel();
    }

protected:
    virtual QString keyOf(const Row &row) const = 0;
    virtual const QList<ColumnSpec<Row>> &columns() const = 0;

    /// Makes the rows equal `rows`, matched by key: rows that went away are
    /// removed, changed ones announced in one dataChanged, new ones appended
    /// in one insert. Order among kept rows is the model's own (views sort).
    void sync(const QList<Row> &rows)
    {
        QSet<QString> keep;
        keep.reserve(rows.size());
        for (const Row &row : rows)
            keep.insert(keyOf(row));
        for (int last = int(m_rows.size()) - 1; last >= 0;) {
            if (keep.contains(keyOf(m_rows.at(last)))) {
                --last;
                continue;
            }
            int first = last;
            while (first > 0 && !keep.contains(keyOf(m_rows.at(first - 1))))
                --first;
            removeRange(first, last);
            last = first - 1;
        }
        int changedFirst = -1;
        int changedLast = -1;
        QList<Row> added;
        for (const Row &row : rows) {
            const int at = rowOf(keyOf(row));
            if (at < 0) {
                added.append(row);
                continue;
            }
            if (m_rows.at(at) == row)
                continue;
            m_rows[at] = row;
            changedFirst = changedFirst < 0 ? at : std::min(changedFirst, at);
            changedLast = std::max(changedLast, at);
        }
        if (changedFirst >= 0)
            emit dataChanged(index(changedFirst, 0), index(changedLast, columnCount() - 1));
        appendRows(added);
    }

    void appendRows(const QList<Row> &rows)
    {
        if (rows.isEmpty())
            return;
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        for (const Row &row : rows) {
            m_index.insert(keyOf(row), int(m_rows.size()));
            m_rows.append(row);
        }
        endInsertRows();
    }

    void replaceRow(int at, const Row &row)
    {
        m_rows[at] = row;
        emit dataChanged(index(at, 0), index(at, columnCount() - 1));
    }

    void removeRange(int first, int last)
    {
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        m_index.clear();
        for (int i = 0; i < m_rows.size(); ++i)
            m_index.insert(keyOf(m_rows.at(i)), i);
        endRemoveRows();
    }

private:
    QList<Row> m_rows;
    QHash<QString, int> m_index;
};

} // namespace Herald::Monitor

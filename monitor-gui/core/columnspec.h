#pragma once

#include "modelrole.h"

#include <QCoreApplication>
#include <QList>
#include <QVariant>

namespace Herald::Monitor {

/// One column of a monitor table, said once: its title, what it shows, the
/// raw value it sorts by and its tooltip, so that the models are tables of
/// columns rather than a switch per role.
template<typename Row>
struct ColumnSpec
{
    using Getter = QVariant (*)(const Row &row);

    /// Marked with QT_TRANSLATE_NOOP in the model's class context.
    const char *title;
    Getter display;
    Getter sort = nullptr;    // SortRole; none: the display text
    Getter toolTip = nullptr; // none: no tooltip
    bool numeric = false;     // right-aligned, cell and header

    QVariant data(const Row &row, int role) const
    {
        switch (role) {
        case Qt::DisplayRole:
            return display(row);
        case SortRole:
            return sort ? sort(row) : display(row);
        case Qt::ToolTipRole:
            return toolTip ? toolTip(row) : QVariant();
        case Qt::TextAlignmentRole:
            return alignment();
        default:
            return {};
        }
    }

    QVariant alignment() const
    {
        return numeric ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
};

/// The header of a table made of `columns`, titles translated in `context`.
template<typename Row>
QVariant columnHeader(const QList<ColumnSpec<Row>> &columns, const char *context, int section,
                      Qt::Orientation orientation, int role)
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columns.size())
        return {};
    if (role == Qt::DisplayRole)
        return QCoreApplication::translate(context, columns.at(section).title);
    if (role == Qt::TextAlignmentRole)
        return columns.at(section).alignment();
    return {};
}

} // namespace Herald::Monitor

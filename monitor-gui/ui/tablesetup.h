#pragma once

#include <QList>

#include <Qt>

QT_BEGIN_NAMESPACE
class QSortFilterProxyModel;
class QTableView;
class QWidget;
QT_END_NAMESPACE

namespace Herald::Monitor {

/// How every table of the monitor looks and behaves.
class TableSetup
{
public:
    /// Whole-row single selection, no row numbers, fixed row heights (the
    /// view then never measures rows as the data streams in), and column
    /// widths from `chars`: one entry per column, in characters (0: as wide
    /// as its header), never narrower than the header. The last column
    /// takes what is left. Measuring contents instead would mean reading
    /// every row at every update.
    static void apply(QTableView *view, const QList<int> &chars = {});
    /// A view of `proxy` set up as above, sortable by the raw values
    /// (SortRole), sorted by `column` at first.
    static QTableView *sortedView(QSortFilterProxyModel *proxy, const QString &objectName,
                                  const QList<int> &chars, int column, Qt::SortOrder order,
                                  QWidget *parent);
};

} // namespace Herald::Monitor

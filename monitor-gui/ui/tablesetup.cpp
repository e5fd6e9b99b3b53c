#include "tablesetup.h"

#include "modelrole.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace Herald::Monitor {

void TableSetup::apply(QTableView *view, const QList<int> &chars)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    view->setTextElideMode(Qt::ElideRight);
    QHeaderView *rows = view->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(view->fontMetrics().height() + 6);
    QHeaderView *columns = view->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    const QFontMetrics metrics = view->fontMetrics();
    for (int column = 0; column < columns->count(); ++column) {
        const QString title = view->model()->headerData(column, Qt::Horizontal).toString();
        const int wanted = metrics.averageCharWidth() * chars.value(column) + 12;
        view->setColumnWidth(column, std::max(wanted, metrics.horizontalAdvance(title) + 24));
    }
}

QTableView *TableSetup::sortedView(QSortFilterProxyModel *proxy, const QString &objectName,
                                   const QList<int> &chars, int column, Qt::SortOrder order,
                                   QWidget *parent)
{
    proxy->setSortRole(SortRole);
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(proxy);
    apply(view, chars);
    view->setSortingEnabled(true);
    view->sortByColumn(column, order);
    return view;
}

} // namespace Herald::Monitor

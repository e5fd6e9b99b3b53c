#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;
QT_END_NAMESPACE

namespace Herald::Monitor {

class TailModel;

/// The tail of the selected channel: the table, a filter, pause and
/// clear, and the selected message's payload as pretty JSON on demand.
class TailPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TailPanel(TailModel *model, QWidget *parent = nullptr);

    QTableView *view() const;

private:
    void showDetails();
    void refreshPauseButton();

    TailModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QToolButton *m_pause;
    QToolButton *m_clear;
    QCheckBox *m_pretty;
    QTableView *m_view;
    QPlainTextEdit *m_details;
    bool m_followTail = true;
};

} // namespace Herald::Monitor

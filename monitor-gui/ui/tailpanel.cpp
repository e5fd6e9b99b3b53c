#include "tailpanel.h"

#include "format.h"
#include "tablesetup.h"
#include "tailmodel.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

TailPanel::TailPanel(TailModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_pause(new QToolButton(this))
    , m_clear(new QToolButton(this))
    , m_pretty(new QCheckBox(tr("Pretty JSON"), this))
    , m_view(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(u"tailPanel"_s);
    m_filter->setObjectName(u"tailFilter"_s);
    m_filter->setPlaceholderText(tr("Filter by event, sender or payload"));
    m_filter->setClearButtonEnabled(true);
    m_pause->setObjectName(u"tailPause"_s);
    m_pause->setCheckable(true);
    m_pause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_clear->setObjectName(u"tailClear"_s);
    m_clear->setText(tr("Clear"));
    m_clear->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_clear->setIcon(style()->standardIcon(QStyle::SP_DialogResetButton));
    m_pretty->setObjectName(u"tailPretty"_s);
    m_pretty->setToolTip(tr("Show the selected message's payload as indented JSON"));

    m_proxy->setSourceModel(model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setObjectName(u"tailView"_s);
    m_view->setModel(m_proxy);
    TableSetup::apply(m_view, {15, 7, 16, 16});

    m_details->setObjectName(u"tailDetails"_s);
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a message to see its payload."));
    m_details->setVisible(false);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_pretty);
    bar->addWidget(m_pause);
    bar->addWidget(m_clear);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            [this](const QString &text) { m_proxy->setFilterFixedString(text); });
    connect(m_pause, &QToolButton::toggled, model, &TailModel::setPaused);
    connect(model, &TailModel::pausedChanged, this, [this](bool paused) {
        m_pause->setChecked(paused);
        refreshPauseButton();
    });
    connect(model, &TailModel::pendingCountChanged, this, [this] { refreshPauseButton(); });
    connect(m_clear, &QToolButton::clicked, model, &TailModel::clear);
    connect(m_pretty, &QCheckBox::toggled, this, [this](bool on) {
        m_details->setVisible(on);
        showDetails();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { showDetails(); });
    connect(m_view, &QTableView::doubleClicked, this, [this] { m_pretty->setChecked(true); });

    // Follow the stream while the newest row is in sight; once the operator
    // scrolls up to read, leave the view where it is.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        m_followTail = bar->value() >= bar->maximum() - 2;
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followTail)
            m_view->scrollToBottom();
    });
    refreshPauseButton();
}

QTableView *TailPanel::view() const
{
    return m_view;
}

void TailPanel::showDetails()
{
    if (!m_details->isVisible())
        return;
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    if (!current.isValid()) {
        m_details->clear();
        return;
    }
    m_details->setPlainText(Format::prettyJson(m_model->entryAt(current.row()).data));
}

void TailPanel::refreshPauseButton()
{
    const int waiting = m_model->pendingCount();
    if (!m_model->isPaused())
        m_pause->setText(tr("Pause"));
    else if (waiting == 0)
        m_pause->setText(tr("Resume"));
    else
        //: Tail paused: %n messages arrived meanwhile
        m_pause->setText(tr("Resume (%n new)", nullptr, waiting));
    m_pause->setIcon(
        style()->standardIcon(m_model->isPaused() ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

} // namespace Herald::Monitor

#include "mainwindow.h"

#include "channelfilter.h"
#include "connectdialog.h"
#include "connectionindicator.h"
#include "format.h"
#include "hubmonitor.h"
#include "modelrole.h"
#include "overviewpanel.h"
#include "publishdialog.h"
#include "ratechart.h"
#include "recenthubs.h"
#include "tablesetup.h"
#include "tailpanel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

namespace {

constexpr int kStatusMessageMs = 8000;

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

// The rows a model change may have added or removed: a title counting them.
template<typename Functor>
void onRowCountChange(QAbstractItemModel *model, QObject *context, Functor functor)
{
    QObject::connect(model, &QAbstractItemModel::rowsInserted, context, functor);
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, context, functor);
    QObject::connect(model, &QAbstractItemModel::modelReset, context, functor);
    QObject::connect(model, &QAbstractItemModel::dataChanged, context, functor);
}

} // namespace

MainWindow::MainWindow(HubMonitor *monitor, QWidget *parent)
    : QMainWindow(parent)
    , m_monitor(monitor)
{
    setObjectName(u"mainWindow"_s);
    makeActions();

    m_accessBanner = new QLabel(this);
    m_accessBanner->setObjectName(u"accessBanner"_s);
    m_accessBanner->setWordWrap(true);
    m_accessBanner->setStyleSheet(
        u"QLabel { background: #fdecea; color: #8a1c1c; "
        "border: 1px solid #f1b5b0; border-radius: 3px; padding: 6px; }"_s);
    m_accessBanner->hide();

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(makeChannelsPanel());
    left->addWidget(makePresencePanel());
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    m_chart = new RateChart(monitor->rates(), this);
    m_tail = new TailPanel(monitor->tail(), this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"detailTabs"_s);
    m_tabs->addTab(m_tail, tr("Tail"));
    m_tabs->addTab(makeConnectionsPanel(), tr("Connections"));
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_chart);
    right->addWidget(m_tabs);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);

    auto *main = new QSplitter(Qt::Horizontal, this);
    main->setObjectName(u"mainSplitter"_s);
    main->addWidget(left);
    main->addWidget(right);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);
    main->setSizes({620, 820});

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->addWidget(m_accessBanner);
    layout->addWidget(new OverviewPanel(monitor, central));
    layout->addWidget(main, 1);
    setCentralWidget(central);

    m_indicator = new ConnectionIndicator(monitor->client(), this);
    statusBar()->addPermanentWidget(m_indicator);

    connect(monitor, &HubMonitor::selectedChannelChanged, this,
            [this](const QString &channel) { selectionChanged(channel); });
    connect(monitor, &HubMonitor::problemOccurred, this, [this](const QString &message) {
        statusBar()->showMessage(message, kStatusMessageMs);
    });
    connect(monitor, &HubMonitor::accessDenied, this, [this](const QString &reason) {
        m_accessBanner->setText(
            //: %1 is the hub's reason
            tr("This connection may not use the hub's admin extensions (%1). Run the monitor on "
               "the hub's machine, or connect with a token that has the admin role.")
                .arg(reason));
        m_accessBanner->show();
    });
    connect(monitor, &HubMonitor::snapshotReceived, m_accessBanner, &QLabel::hide);
    connect(monitor, &HubMonitor::published, this, [this](const QString &channel, quint64 seq) {
        //: %1 is a channel, %2 the publication's sequence number
        statusBar()->showMessage(tr("Published on %1 as seq %2.").arg(channel).arg(seq),
                                 kStatusMessageMs);
    });
    connect(monitor, &HubMonitor::connectionClosed, this, [this](const QString &id) {
        statusBar()->showMessage(tr("Connection %1 closed.").arg(id), kStatusMessageMs);
    });
    connect(monitor->client(), &Client::stateChanged, this, [this] {
        refreshTitle();
        m_disconnectAction->setEnabled(m_connectionsView->currentIndex().isValid() &&
                                       m_monitor->client()->state() == Client::State::Connected);
    });
    connect(monitor->client(), &Client::urlChanged, this, [this] { refreshTitle(); });
    onRowCountChange(monitor->presence(), this, [this] { refreshPresenceTitle(); });
    onRowCountChange(monitor->connections(), this, [this] { refreshConnectionsTitle(); });

    resize(1440, 900);
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    main->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    selectionChanged(monitor->selectedChannel());
    refreshTitle();
    refreshConnectionsTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::makeActions()
{
    m_connectAction =
        new QAction(style()->standardIcon(QStyle::SP_DriveNetIcon), tr("&Connect to Hub…"), this);
    m_connectAction->setObjectName(u"connectAction"_s);
    m_connectAction->setShortcut(QKeySequence::Open);
    connect(m_connectAction, &QAction::triggered, this, [this] { showConnectDialog(); });

    m_publishAction =
        new QAction(style()->standardIcon(QStyle::SP_ArrowForward), tr("&Publish…"), this);
    m_publishAction->setObjectName(u"publishAction"_s);
    m_publishAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_publishAction, &QAction::triggered, this, [this] { showPublishDialog(); });

    m_disconnectAction = new QAction(style()->standardIcon(QStyle::SP_DialogCloseButton),
                                     tr("&Disconnect Connection"), this);
    m_disconnectAction->setObjectName(u"disconnectAction"_s);
    m_disconnectAction->setToolTip(tr("Close the connection selected in the connections table"));
    m_disconnectAction->setEnabled(false);
    connect(m_disconnectAction, &QAction::triggered, this,
            [this] { disconnectSelectedConnection(); });

    m_refreshAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload),
                                  tr("&Refresh Connections"), this);
    m_refreshAction->setObjectName(u"refreshConnectionsAction"_s);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, m_monitor, &HubMonitor::refreshConnections);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *hub = menuBar()->addMenu(tr("&Hub"));
    hub->addAction(m_connectAction);
    m_recentMenu = hub->addMenu(tr("&Recent Hubs"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] { fillRecentMenu(); });
    hub->addSeparator();
    hub->addAction(m_quitAction);
    QMenu *channel = menuBar()->addMenu(tr("&Channel"));
    channel->addAction(m_publishAction);
    QMenu *connections = menuBar()->addMenu(tr("C&onnections"));
    connections->addAction(m_disconnectAction);
    connections->addAction(m_refreshAction);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Herald Monitor"), this, [this] {
        QMessageBox::about(this, tr("About Herald Monitor"),
                           tr("<p><b>Herald Monitor</b> %1</p><p>The live console for Herald "
                              "hubs: channels, presence, rates, the tail of a channel and the "
                              "connections, through the hub's admin extensions.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolBar"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(m_connectAction);
    toolbar->addAction(m_publishAction);
    toolbar->addAction(m_disconnectAction);
}

QWidget *MainWindow::makeChannelsPanel()
{
    auto *panel = new QWidget(this);
    auto *filter = new QLineEdit(panel);
    filter->setObjectName(u"channelFilter"_s);
    filter->setPlaceholderText(tr("Filter channels"));
    filter->setClearButtonEnabled(true);
    auto *system = new QCheckBox(tr("Hub channels ($…)"), panel);
    system->setObjectName(u"showSystemChannels"_s);
    system->setToolTip(tr("Also list the hub's own channels, such as $sys.stats"));

    m_channelFilter = new ChannelFilter(this);
    m_channelFilter->setSourceModel(m_monitor->channels());
    // Busiest first, the way an operator scans for trouble.
    m_channelsView = TableSetup::sortedView(m_channelFilter, u"channelsView"_s, {20, 0, 0, 8, 8},
                                            ChannelsModel::Rate, Qt::DescendingOrder, panel);

    connect(filter, &QLineEdit::textChanged, m_channelFilter, &ChannelFilter::setText);
    connect(system, &QCheckBox::toggled, m_channelFilter, &ChannelFilter::setShowSystemChannels);
    connect(m_monitor->channels(), &QAbstractItemModel::rowsInserted, this,
            [this] { showSelectedChannel(); });
    connect(m_channelsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                // A channel that vanished takes its row along; keep watching
                // it rather than jump to whatever row comes next.
                if (current.isValid())
                    m_monitor->selectChannel(current.data(KeyRole).toString());
            });

    auto *bar = new QHBoxLayout;
    bar->addWidget(heading(tr("Channels"), panel));
    bar->addStretch();
    bar->addWidget(filter, 2);
    bar->addWidget(system);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_channelsView, 1);
    return panel;
}

QWidget *MainWindow::makePresencePanel()
{
    auto *panel = new QWidget(this);
    m_presenceTitle = heading(QString(), panel);
    m_presenceTitle->setObjectName(u"presenceTitle"_s);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_monitor->presence());
    m_presenceView = TableSetup::sortedView(proxy, u"presenceView"_s, {12, 20, 0},
                                            PresenceModel::User, Qt::AscendingOrder, panel);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_presenceTitle);
    layout->addWidget(m_presenceView, 1);
    return panel;
}

QWidget *MainWindow::makeConnectionsPanel()
{
    m_connectionsPanel = new QWidget(this);
    auto *filter = new QLineEdit(m_connectionsPanel);
    filter->setObjectName(u"connectionsFilter"_s);
    filter->setPlaceholderText(tr("Filter by id, user, tenant or address"));
    filter->setClearButtonEnabled(true);
    auto *disconnect = new QToolButton(m_connectionsPanel);
    disconnect->setDefaultAction(m_disconnectAction);
    disconnect->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *refresh = new QToolButton(m_connectionsPanel);
    refresh->setDefaultAction(m_refreshAction);
    refresh->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_connectionsProxy = new QSortFilterProxyModel(this);
    m_connectionsProxy->setSourceModel(m_monitor->connections());
    m_connectionsProxy->setFilterKeyColumn(-1);
    m_connectionsProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_connectionsView = TableSetup::sortedView(m_connectionsProxy, u"connectionsView"_s,
                                               {18, 24, 8, 14, 7, 0, 7, 7}, ConnectionsModel::Since,
                                               Qt::DescendingOrder, m_connectionsPanel);
    m_connectionsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_connectionsView->addAction(m_disconnectAction);

    connect(filter, &QLineEdit::textChanged, m_connectionsProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_connectionsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_disconnectAction->setEnabled(current.isValid() && m_monitor->client()->state() ==
                                                                        Client::State::Connected);
            });

    auto *bar = new QHBoxLayout;
    bar->addWidget(filter, 1);
    bar->addWidget(disconnect);
    bar->addWidget(refresh);
    auto *layout = new QVBoxLayout(m_connectionsPanel);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_connectionsView, 1);
    return m_connectionsPanel;
}

void MainWindow::setEmbeddedHub(const QUrl &url)
{
    m_embeddedHub = url;
    refreshTitle();
}

void MainWindow::refreshTitle()
{
    const QUrl url = m_monitor->client()->url();
    if (url.isEmpty())
        setWindowTitle(tr("Herald Monitor"));
    else if (!m_embeddedHub.isEmpty() && url == m_embeddedHub)
        //: %1 is the URL of the hub running inside the monitor
        setWindowTitle(tr("Herald Monitor — embedded hub on %1").arg(url.toString()));
    else
        setWindowTitle(tr("Herald Monitor — %1").arg(url.toString(QUrl::RemoveQuery)));
}

void MainWindow::selectionChanged(const QString &channel)
{
    m_tabs->setTabText(m_tabs->indexOf(m_tail),
                       channel.isEmpty() ? tr("Tail") : tr("Tail · %1").arg(channel));
    if (channel.isEmpty())
        m_channelsView->selectionModel()->clearCurrentIndex();
    else
        showSelectedChannel();
    refreshPresenceTitle();
}

void MainWindow::showSelectedChannel()
{
    // A channel chosen elsewhere (--channel) gets its row once it is listed.
    const QString channel = m_monitor->selectedChannel();
    if (channel.isEmpty() || m_channelsView->currentIndex().data(KeyRole).toString() == channel)
        return;
    const int row = m_monitor->channels()->rowOf(channel);
    if (row < 0)
        return;
    const QModelIndex index =
        m_channelFilter->mapFromSource(m_monitor->channels()->index(row, ChannelsModel::Name));
    if (index.isValid())
        m_channelsView->setCurrentIndex(index);
}

void MainWindow::refreshPresenceTitle()
{
    const QString channel = m_monitor->selectedChannel();
    if (channel.isEmpty()) {
        m_presenceTitle->setText(tr("Presence: select a channel"));
        return;
    }
    const int users = m_monitor->presence()->rowCount();
    //: %1 is a channel; %n the number of users on it
    m_presenceTitle->setText(tr("Presence on %1 · %n user(s)", nullptr, users).arg(channel));
}

void MainWindow::refreshConnectionsTitle()
{
    const int count = m_monitor->connections()->rowCount();
    m_tabs->setTabText(m_tabs->indexOf(m_connectionsPanel),
                       tr("Connections (%1)").arg(Format::count(quint64(count))));
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList urls = RecentHubs::urls();
    for (const QString &url : urls)
        m_recentMenu->addAction(url, this, [this, url] { connectTo(QUrl(url), QString()); });
    if (urls.isEmpty()) {
        m_recentMenu->addAction(tr("No hubs yet"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear List"), this, [] { RecentHubs::clear(); });
}

void MainWindow::showConnectDialog()
{
    if (m_connectDialog) {
        m_connectDialog->raise();
        return;
    }
    m_connectDialog = new ConnectDialog(m_monitor->client()->url(), this);
    m_connectDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_connectDialog, &QDialog::accepted, this,
            [this, dialog = m_connectDialog] { connectTo(dialog->url(), dialog->token()); });
    m_connectDialog->open();
}

void MainWindow::connectTo(const QUrl &url, const QString &token)
{
    RecentHubs::add(url);
    m_monitor->open(url, token);
}

void MainWindow::showPublishDialog()
{
    if (m_publishDialog) {
        m_publishDialog->raise();
        return;
    }
    QStringList channels;
    for (const ChannelRow &row : m_monitor->channels()->rows()) {
        if (!row.sample.name.startsWith(u'$'))
            channels.append(row.sample.name);
    }
    channels.sort();
    const QString selected = m_monitor->selectedChannel();
    m_publishDialog =
        new PublishDialog(channels, selected.startsWith(u'$') ? QString() : selected, this);
    m_publishDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_publishDialog, &QDialog::accepted, this, [this, dialog = m_publishDialog] {
        const auto id = m_monitor->publish(dialog->channel(), dialog->event(), dialog->payload());
        if (!id)
            //: %1 is why the client could not send it
            statusBar()->showMessage(tr("Not published: %1").arg(id.reason()), kStatusMessageMs);
    });
    m_publishDialog->open();
}

void MainWindow::disconnectSelectedConnection()
{
    const QModelIndex current = m_connectionsView->currentIndex();
    if (!current.isValid())
        return;
    const QString id = current.data(KeyRole).toString();
    const auto request = m_monitor->disconnectConnection(id);
    if (!request)
        //: %1 is a connection id, %2 why the request could not be sent
        statusBar()->showMessage(tr("Cannot disconnect %1: %2").arg(id, request.reason()),
                                 kStatusMessageMs);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    if (auto *splitter = findChild<QSplitter *>(u"mainSplitter"_s))
        settings.setValue(u"window/splitter"_s, splitter->saveState());
    event->accept();
}

} // namespace Herald::Monitor

#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
QT_END_NAMESPACE

namespace Herald::Monitor {

class ChannelFilter;
class ConnectDialog;
class ConnectionIndicator;
class HubMonitor;
class PublishDialog;
class RateChart;
class TailPanel;

/// The monitor's one window: overview on top; channels and the selected
/// channel's presence on the left; the rate chart, the tail and the
/// connections on the right; the connection light in the status bar.
/// Widgets carry object names (channelsView, tailView, ...) for tests.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(HubMonitor *monitor, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The URL of the hub running inside this process, so the title can
    /// say so while that is the hub watched.
    void setEmbeddedHub(const QUrl &url);
    /// Opens the connect dialog (window-modal; it connects when accepted).
    void showConnectDialog();
    /// Opens the publish dialog for the selected channel.
    void showPublishDialog();
    /// Closes the connection selected in the connections table.
    void disconnectSelectedConnection();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *makeChannelsPanel();
    QWidget *makePresencePanel();
    QWidget *makeConnectionsPanel();
    void makeActions();
    void selectionChanged(const QString &channel);
    void showSelectedChannel();
    void refreshTitle();
    void refreshPresenceTitle();
    void refreshConnectionsTitle();
    void fillRecentMenu();
    void connectTo(const QUrl &url, const QString &token);

    HubMonitor *m_monitor;
    QUrl m_embeddedHub;
    QLabel *m_accessBanner = nullptr;
    ChannelFilter *m_channelFilter = nullptr;
    QTableView *m_channelsView = nullptr;
    QLabel *m_presenceTitle = nullptr;
    QTableView *m_presenceView = nullptr;
    RateChart *m_chart = nullptr;
    QTabWidget *m_tabs = nullptr;
    TailPanel *m_tail = nullptr;
    QWidget *m_connectionsPanel = nullptr;
    QSortFilterProxyModel *m_connectionsProxy = nullptr;
    QTableView *m_connectionsView = nullptr;
    ConnectionIndicator *m_indicator = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_publishAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_quitAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QPointer<PublishDialog> m_publishDialog;
    QPointer<ConnectDialog> m_connectDialog;
};

} // namespace Herald::Monitor

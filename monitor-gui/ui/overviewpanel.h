#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QGridLayout;
QT_END_NAMESPACE

namespace Herald::Monitor {

class HubMonitor;

/// The hub at a glance: a row of cards with the numbers that matter.
/// Each value label is named (overviewConnections, ...) for tests.
class OverviewPanel : public QWidget
{
    Q_OBJECT

public:
    explicit OverviewPanel(HubMonitor *monitor, QWidget *parent = nullptr);

private:
    QLabel *addCard(const QString &objectName, const QString &title);
    void refresh();

    HubMonitor *m_monitor;
    QGridLayout *m_layout;
    QLabel *m_connections;
    QLabel *m_channels;
    QLabel *m_publicationsIn;
    QLabel *m_deliveriesOut;
    QLabel *m_bytesIn;
    QLabel *m_bytesOut;
    QLabel *m_backplane;
    QLabel *m_uptime;
    QLabel *m_version;
};

} // namespace Herald::Monitor

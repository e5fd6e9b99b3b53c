#include "overviewpanel.h"

#include "format.h"
#include "hubmonitor.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

OverviewPanel::OverviewPanel(HubMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_layout(new QGridLayout(this))
{
    setObjectName(u"overviewPanel"_s);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setHorizontalSpacing(8);
    m_connections = addCard(u"overviewConnections"_s, tr("Connections"));
    m_channels = addCard(u"overviewChannels"_s, tr("Channels"));
    m_publicationsIn = addCard(u"overviewPublicationsIn"_s, tr("Publications in/s"));
    m_deliveriesOut = addCard(u"overviewDeliveriesOut"_s, tr("Deliveries out/s"));
    m_bytesIn = addCard(u"overviewBytesIn"_s, tr("Bytes in"));
    m_bytesOut = addCard(u"overviewBytesOut"_s, tr("Bytes out"));
    m_backplane = addCard(u"overviewBackplane"_s, tr("Backplane"));
    m_uptime = addCard(u"overviewUptime"_s, tr("Uptime"));
    m_version = addCard(u"overviewVersion"_s, tr("Hub version"));
    connect(monitor, &HubMonitor::snapshotReceived, this, [this] { refresh(); });
    connect(monitor->client(), &Client::stateChanged, this, [this] { refresh(); });
    refresh();
}

QLabel *OverviewPanel::addCard(const QString &objectName, const QString &title)
{
    auto *card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(2);
    auto *caption = new QLabel(title, card);
    caption->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(card);
    value->setObjectName(objectName);
    QFont font = value->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    value->setFont(font);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(caption);
    layout->addWidget(value);
    const int column = m_layout->count();
    m_layout->addWidget(card, 0, column);
    m_layout->setColumnStretch(column, 1);
    return value;
}

void OverviewPanel::refresh()
{
    // Numbers from a hub we are not connected to are history: grey them.
    setEnabled(m_monitor->client()->state() == Client::State::Connected);
    if (!m_monitor->hasSnapshot()) {
        const QString none = tr("–");
        for (QLabel *label : {m_connections, m_channels, m_publicationsIn, m_deliveriesOut,
                              m_bytesIn, m_bytesOut, m_backplane, m_uptime, m_version})
            label->setText(none);
        return;
    }
    const StatsSnapshot &s = m_monitor->snapshot();
    const HubRates &r = m_monitor->hubRates();
    m_connections->setText(Format::count(quint64(s.connections)));
    m_channels->setText(Format::count(quint64(s.channelCount)));
    const QString unknown = tr("–");
    m_publicationsIn->setText(r.valid ? Format::rate(r.publicationsIn) : unknown);
    m_deliveriesOut->setText(r.valid ? Format::rate(r.deliveriesOut) : unknown);
    m_bytesIn->setText(r.valid ? Format::bytesPerSecond(r.bytesIn) : unknown);
    m_bytesOut->setText(r.valid ? Format::bytesPerSecond(r.bytesOut) : unknown);
    //: Backplane state: its kind (memory, redis), then up or down
    m_backplane->setText(tr("%1 · %2").arg(s.backplaneKind, s.backplaneUp ? tr("up") : tr("down")));
    QPalette palette = m_backplane->palette();
    palette.setColor(QPalette::WindowText,
                     s.backplaneUp ? palette.color(QPalette::Text) : QColor(0xc6, 0x28, 0x28));
    m_backplane->setPalette(palette);
    m_backplane->setToolTip(s.backplaneLagMs > 0 ? tr("Lag: %1 ms").arg(s.backplaneLagMs)
                                                 : QString());
    m_uptime->setText(Format::duration(s.uptimeMs));
    m_version->setText(s.version);
}

} // namespace Herald::Monitor

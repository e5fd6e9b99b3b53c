#include "connectionindicator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

namespace Herald::Monitor {

namespace {

QPixmap dot(const QColor &color, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return pixmap;
}

} // namespace

ConnectionIndicator::ConnectionIndicator(Herald::Client *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_dot(new QLabel(this))
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("connectionIndicator"));
    m_text->setObjectName(QStringLiteral("connectionText"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_dot);
    layout->addWidget(m_text);
    connect(client, &Client::stateChanged, this, [this] { refresh(); });
    connect(client, &Client::latencyChanged, this, [this] { refresh(); });
    connect(client, &Client::urlChanged, this, [this] { refresh(); });
    connect(client, &Client::reconnecting, this, [this](int attempt) {
        m_attempt = attempt;
        refresh();
    });
    connect(client, &Client::connected, this, [this] { m_attempt = 0; });
    refresh();
}

QString ConnectionIndicator::text() const
{
    return m_text->text();
}

void ConnectionIndicator::refresh()
{
    const QString url = m_client->url().toString(QUrl::RemoveQuery);
    QColor color;
    QString text;
    switch (m_client->state()) {
    case Client::State::Connected:
        color = QColor(0x2e, 0x9d, 0x4f);
        text = m_client->latency() >= 0
                   //: %1 is the hub's URL, %2 the round trip in milliseconds
                   ? tr("Connected to %1 · %2 ms").arg(url).arg(m_client->latency())
                   : tr("Connected to %1").arg(url);
        break;
    case Client::State::Connecting:
        color = QColor(0xe0, 0xa0, 0x20);
        text = tr("Connecting to %1…").arg(url);
        break;
    case Client::State::Reconnecting:
        color = QColor(0xe0, 0xa0, 0x20);
        //: %1 is the hub's URL, %2 the number of the attempt
        text = tr("Reconnecting to %1 (attempt %2)…").arg(url).arg(std::max(1, m_attempt));
        break;
    case Client::State::Disconnected:
        color = QColor(0xc6, 0x28, 0x28);
        text = tr("Disconnected");
        break;
    }
    const int size = fontMetrics().height() * 3 / 4;
    m_dot->setPixmap(dot(color, size));
    m_text->setText(text);
}

} // namespace Herald::Monitor

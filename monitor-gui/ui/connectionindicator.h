#pragma once

#include <herald/client.h>

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace Herald::Monitor {

/// The status bar's connection light: a coloured dot and where the
/// client stands (connected, with its latency; connecting; retrying).
class ConnectionIndicator : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionIndicator(Herald::Client *client, QWidget *parent = nullptr);

    /// What it says, as plain text.
    QString text() const;

private:
    void refresh();

    Herald::Client *m_client;
    QLabel *m_dot;
    QLabel *m_text;
    int m_attempt = 0;
};

} // namespace Herald::Monitor

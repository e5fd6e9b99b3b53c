#pragma once

#include <QDialog>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace Herald::Monitor {

/// Chooses the hub to monitor: a WebSocket URL (the recent ones offered)
/// and, for hubs that are not on this machine, an admin token.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectDialog(const QUrl &current, QWidget *parent = nullptr);

    QUrl url() const;
    QString token() const;

private:
    void validate();

    QComboBox *m_url;
    QLineEdit *m_token;
    QLabel *m_status;
    QPushButton *m_connect;
};

} // namespace Herald::Monitor

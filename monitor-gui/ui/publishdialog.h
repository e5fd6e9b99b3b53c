#pragma once

#include <QDialog>
#include <QJsonValue>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
QT_END_NAMESPACE

namespace Herald::Monitor {

/// Publishes a JSON payload with an event type on a channel. The Publish
/// button is enabled only for what the hub would take: a usable channel,
/// a non-reserved event type and valid JSON (any value).
class PublishDialog : public QDialog
{
    Q_OBJECT

public:
    PublishDialog(const QStringList &channels, const QString &channel, QWidget *parent = nullptr);

    QString channel() const;
    QString event() const;
    /// The parsed payload; valid once the dialog is accepted.
    QJsonValue payload() const;

private:
    void validate();
    void formatPayload();

    QComboBox *m_channel;
    QLineEdit *m_event;
    QPlainTextEdit *m_payload;
    QLabel *m_status;
    QPushButton *m_publish;
    QJsonValue m_value;
};

} // namespace Herald::Monitor

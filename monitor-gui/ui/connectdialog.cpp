#include "connectdialog.h"

#include "recenthubs.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

ConnectDialog::ConnectDialog(const QUrl &current, QWidget *parent)
    : QDialog(parent)
    , m_url(new QComboBox(this))
    , m_token(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"connectDialog"_s);
    setWindowTitle(tr("Connect to a hub"));
    m_url->setObjectName(u"connectUrl"_s);
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->addItems(RecentHubs::urls());
    const QString fallback = u"ws://127.0.0.1:8080/ws"_s;
    m_url->setCurrentText(current.isEmpty() ? (m_url->count() ? m_url->itemText(0) : fallback)
                                            : current.toString(QUrl::RemoveQuery));
    m_url->setMinimumContentsLength(36);
    m_token->setObjectName(u"connectToken"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Not needed on the hub's own machine"));
    m_status->setObjectName(u"connectStatus"_s);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connect = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(u"connectButton"_s);
    m_connect->setDefault(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Hub &URL:"), m_url);
    form->addRow(tr("Admin &token:"), m_token);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_url, &QComboBox::currentTextChanged, this, [this] { validate(); });
    validate();
}

QUrl ConnectDialog::url() const
{
    return QUrl(m_url->currentText().trimmed());
}

QString ConnectDialog::token() const
{
    return m_token->text();
}

void ConnectDialog::validate()
{
    const QUrl url(m_url->currentText().trimmed(), QUrl::StrictMode);
    const bool ok = url.isValid() && !url.host().isEmpty() &&
                    (url.scheme() == "ws"_L1 || url.scheme() == "wss"_L1);
    m_connect->setEnabled(ok);
    m_status->setText(ok ? QString() : tr("Enter a WebSocket URL, e.g. ws://127.0.0.1:8080/ws."));
}

} // namespace Herald::Monitor

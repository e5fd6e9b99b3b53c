#include "publishdialog.h"

#include "format.h"
#include "jsontext.h"
#include "publishcheck.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

PublishDialog::PublishDialog(const QStringList &channels, const QString &channel, QWidget *parent)
    : QDialog(parent)
    , m_channel(new QComboBox(this))
    , m_event(new QLineEdit(u"message"_s, this))
    , m_payload(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"publishDialog"_s);
    setWindowTitle(tr("Publish"));
    m_channel->setObjectName(u"publishChannel"_s);
    m_channel->setEditable(true);
    m_channel->setInsertPolicy(QComboBox::NoInsert);
    m_channel->addItems(channels);
    m_channel->setCurrentText(channel);
    m_event->setObjectName(u"publishEvent"_s);
    m_payload->setObjectName(u"publishPayload"_s);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setTabChangesFocus(true);
    m_payload->setPlainText(u"{\n    \"text\": \"hello\"\n}"_s);
    m_status->setObjectName(u"publishStatus"_s);
    m_status->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_publish = buttons->addButton(tr("Publish"), QDialogButtonBox::AcceptRole);
    m_publish->setObjectName(u"publishButton"_s);
    m_publish->setDefault(true);
    QPushButton *format = buttons->addButton(tr("Format JSON"), QDialogButtonBox::ActionRole);
    format->setObjectName(u"publishFormat"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("&Channel:"), m_channel);
    form->addRow(tr("&Event type:"), m_event);
    form->addRow(tr("&Payload (JSON):"), m_payload);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(520, 380);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(format, &QPushButton::clicked, this, [this] { formatPayload(); });
    connect(m_channel, &QComboBox::currentTextChanged, this, [this] { validate(); });
    connect(m_event, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(m_payload, &QPlainTextEdit::textChanged, this, [this] { validate(); });
    validate();
}

QString PublishDialog::channel() const
{
    return m_channel->currentText().trimmed();
}

QString PublishDialog::event() const
{
    return m_event->text().trimmed();
}

QJsonValue PublishDialog::payload() const
{
    return m_value;
}

void PublishDialog::validate()
{
    const JsonText json = JsonText::parse(m_payload->toPlainText());
    m_value = json.value();
    QString problem = PublishCheck::channelProblem(channel());
    if (problem.isEmpty())
        problem = PublishCheck::eventProblem(event());
    if (problem.isEmpty() && !json.isValid())
        problem = json.error();
    m_publish->setEnabled(problem.isEmpty());
    m_status->setText(problem.isEmpty() ? tr("Valid JSON.") : problem);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText,
                     problem.isEmpty() ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    m_status->setPalette(palette);
}

void PublishDialog::formatPayload()
{
    const JsonText json = JsonText::parse(m_payload->toPlainText());
    if (json.isValid())
        m_payload->setPlainText(Format::prettyJson(json.value()).trimmed());
}

} // namespace Herald::Monitor

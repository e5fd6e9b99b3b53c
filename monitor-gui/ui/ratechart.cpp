#include "ratechart.h"

#include "ratesmodel.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

namespace {

// The time axis shows at least this much, and then grows with the data up
// to the model's capacity, so a fresh chart is not a smear across the width.
constexpr qint64 kMinimumSpanMs = 60 * 1000;

// 1, 2, 5, 10, 20, 50, ...: an axis top a person reads at a glance.
double niceCeiling(double value)
{
    if (value <= 5)
        return 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

RateChart::RateChart(RatesModel *model, QWidget *parent)
    : QChartView(parent)
    , m_model(model)
    , m_total(new QLineSeries)
    , m_selected(new QLineSeries)
    , m_timeAxis(new QDateTimeAxis)
    , m_rateAxis(new QValueAxis)
{
    setObjectName(u"rateChart"_s);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);

    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    m_total->setName(tr("All channels (publications/s)"));
    m_total->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
    m_selected->setPen(QPen(QColor(0xff, 0x7f, 0x0e), 2));
    chart->addSeries(m_total);
    chart->addSeries(m_selected);

    m_timeAxis->setFormat(u"HH:mm:ss"_s);
    m_timeAxis->setTickCount(6);
    m_rateAxis->setLabelFormat(u"%g"_s);
    m_rateAxis->setMin(0);
    m_rateAxis->setTickCount(5);
    //: Axis title: messages per second
    m_rateAxis->setTitleText(tr("msg/s"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_rateAxis, Qt::AlignLeft);
    for (QLineSeries *series : {m_total, m_selected}) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_rateAxis);
    }
    setChart(chart);

    // Samples come once a second, replays in bursts: redraw once per burst.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { refresh(); });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] { scheduleRefresh(); });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] { scheduleRefresh(); });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { scheduleRefresh(); });
    connect(model, &QAbstractItemModel::dataChanged, this, [this] { scheduleRefresh(); });
    connect(model, &RatesModel::selectedChannelChanged, this, [this] { scheduleRefresh(); });
    refresh();
}

QList<QPointF> RateChart::totalPoints() const
{
    return m_total->points();
}

QList<QPointF> RateChart::selectedPoints() const
{
    return m_selected->points();
}

void RateChart::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void RateChart::refresh()
{
    const int rows = m_model->rowCount();
    const QString channel = m_model->selectedChannel();
    m_selected->setVisible(!channel.isEmpty());
    //: Chart legend: the selected channel's publications per second
    m_selected->setName(tr("%1 (publications/s)").arg(channel));
    QList<QPointF> total;
    QList<QPointF> selected;
    total.reserve(rows);
    selected.reserve(channel.isEmpty() ? 0 : rows);
    for (int row = 0; row < rows; ++row) {
        const double x = double(m_model->timeAt(row).toMSecsSinceEpoch());
        total.append(QPointF(x, m_model->valueAt(row, RatesModel::PublicationsIn)));
        if (!channel.isEmpty())
            selected.append(QPointF(x, m_model->valueAt(row, RatesModel::Selected)));
    }
    m_total->replace(total);
    m_selected->replace(selected);

    const QDateTime newest = rows ? m_model->timeAt(rows - 1) : QDateTime::currentDateTime();
    const QDateTime oldest = rows ? m_model->timeAt(0) : newest;
    const QDateTime start = std::min(oldest, newest.addMSecs(-kMinimumSpanMs));
    m_timeAxis->setRange(start.toLocalTime(), newest.toLocalTime());
    m_rateAxis->setRange(
        0, niceCeiling(1.1 * m_model->maximum({RatesModel::PublicationsIn, RatesModel::Selected})));
}

} // namespace Herald::Monitor

#pragma once

#include <QChartView>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace Herald::Monitor {

class RatesModel;

/// Publications per second over the last minutes: the whole hub and the
/// selected channel, drawn from a RatesModel.
class RateChart : public QChartView
{
    Q_OBJECT

public:
    explicit RateChart(RatesModel *model, QWidget *parent = nullptr);

    /// The points drawn, for tests: the hub's line and the channel's.
    QList<QPointF> totalPoints() const;
    QList<QPointF> selectedPoints() const;

private:
    void scheduleRefresh();
    void refresh();

    RatesModel *m_model;
    QLineSeries *m_total;
    QLineSeries *m_selected;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_rateAxis;
    QTimer m_refreshTimer;
};

} // namespace Herald::Monitor

#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Herald {

/// Prometheus text exposition format 0.0.4: each metric family's HELP and
/// TYPE lines, then its samples, with label values and help text escaped
/// the way the format asks.
class PrometheusWriter
{
public:
    using Labels = QList<QPair<QByteArray, QString>>;
    enum class Type { Counter, Gauge, Histogram };

    static constexpr QByteArrayView kContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// Starts a family: every sample that follows until the next family
    /// must be named `name` (or `name_bucket`, `_sum`, `_count` for a
    /// histogram).
    void family(QByteArrayView name, Type type, QStringView help);
    void sample(QByteArrayView name, quint64 value, const Labels &labels = {});
    void sample(QByteArrayView name, double value, const Labels &labels = {});
    /// A histogram from per-bucket counts: `bounds[i]` is bucket i's upper
    /// bound and `counts` has one more entry, everything above the last
    /// bound. Writes the cumulative `le` buckets, `_sum` and `_count`.
    void histogram(QByteArrayView name, const QList<qint64> &bounds, const QList<quint64> &counts,
                   double sum);

    const QByteArray &text() const { return m_out; }

private:
    void line(QByteArrayView name, const Labels &labels, const QByteArray &value);

    QByteArray m_out;
};

} // namespace Herald

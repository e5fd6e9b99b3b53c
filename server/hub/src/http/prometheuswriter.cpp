#include "prometheuswriter.h"

#include <QLocale>

#include <cmath>

namespace Herald {

namespace {

// HELP text: backslash and line feed escaped. Label values: the same and
// the double quote.
QByteArray escaped(QStringView text, bool quote)
{
    QByteArray out;
    const QByteArray utf8 = text.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quote)
            out += "\\\"";
        else
            out += c;
    }
    return out;
}

QByteArray typeName(PrometheusWriter::Type type)
{
    switch (type) {
    case PrometheusWriter::Type::Counter:
        return "counter";
    case PrometheusWriter::Type::Gauge:
        return "gauge";
    case PrometheusWriter::Type::Histogram:
        return "histogram";
    }
    return "untyped";
}

QByteArray number(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace

void PrometheusWriter::family(QByteArrayView name, Type type, QStringView help)
{
    m_out += "# HELP " + name.toByteArray() + ' ' + escaped(help, false) + '\n';
    m_out += "# TYPE " + name.toByteArray() + ' ' + typeName(type) + '\n';
}

void PrometheusWriter::sample(QByteArrayView name, quint64 value, const Labels &labels)
{
    line(name, labels, QByteArray::number(value));
}

void PrometheusWriter::sample(QByteArrayView name, double value, const Labels &labels)
{
    line(name, labels, number(value));
}

void PrometheusWriter::histogram(QByteArrayView name, const QList<qint64> &bounds,
                                 const QList<quint64> &counts, double sum)
{
    const QByteArray base = name.toByteArray();
    quint64 cumulative = 0;
    for (qsizetype i = 0; i < counts.size(); ++i) {
        cumulative += counts.at(i);
        const QString bound =
            i < bounds.size() ? QString::number(bounds.at(i)) : QStringLiteral("+Inf");
        sample(base + "_bucket", cumulative, {{"le", bound}});
    }
    // A histogram without an overflow bucket still needs its +Inf line.
    if (counts.size() <= bounds.size())
        sample(base + "_bucket", cumulative, {{"le", QStringLiteral("+Inf")}});
    sample(base + "_sum", sum);
    sample(base + "_count", cumulative);
}

void PrometheusWriter::line(QByteArrayView name, const Labels &labels, const QByteArray &value)
{
    m_out += name.toByteArray();
    if (!labels.isEmpty()) {
        m_out += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i)
                m_out += ',';
            m_out += labels.at(i).first + "=\"" + escaped(labels.at(i).second, true) + '"';
        }
        m_out += '}';
    }
    m_out += ' ' + value + '\n';
}

} // namespace Herald

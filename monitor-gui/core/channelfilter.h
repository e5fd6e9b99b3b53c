#pragma once

#include <QSortFilterProxyModel>

namespace Herald::Monitor {

/// The channels table as the operator asked to see it: names containing
/// the filter text, the hub's own `$` channels only on request, sorted by
/// raw values (SortRole) rather than by their display text.
class ChannelFilter : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString text READ text WRITE setText)
    Q_PROPERTY(bool showSystemChannels READ showSystemChannels WRITE setShowSystemChannels)

public:
    explicit ChannelFilter(QObject *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    bool showSystemChannels() const;
    void setShowSystemChannels(bool show);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    bool m_showSystem = false;
};

} // namespace Herald::Monitor

#include "channelfilter.h"

#include "modelrole.h"

namespace Herald::Monitor {

ChannelFilter::ChannelFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

QString ChannelFilter::text() const
{
    return m_text;
}

void ChannelFilter::setText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    invalidateFilter();
}

bool ChannelFilter::showSystemChannels() const
{
    return m_showSystem;
}

void ChannelFilter::setShowSystemChannels(bool show)
{
    if (m_showSystem == show)
        return;
    m_showSystem = show;
    invalidateFilter();
}

bool ChannelFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QString name = sourceModel()->index(sourceRow, 0, sourceParent).data(KeyRole).toString();
    if (!m_showSystem && name.startsWith(u'$'))
        return false;
    return m_text.isEmpty() || name.contains(m_text, Qt::CaseInsensitive);
}

} // namespace Herald::Monitor

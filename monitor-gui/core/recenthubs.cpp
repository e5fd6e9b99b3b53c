#include "recenthubs.h"

#include <QSettings>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

namespace {
const QString kKey = u"hubs/recent"_s;
}

QStringList RecentHubs::urls()
{
    return QSettings().value(kKey).toStringList();
}

void RecentHubs::add(const QUrl &url)
{
    const QString text = url.toString(QUrl::RemoveQuery);
    if (text.isEmpty())
        return;
    QStringList list = urls();
    list.removeAll(text);
    list.prepend(text);
    while (list.size() > kMaxEntries)
        list.removeLast();
    QSettings().setValue(kKey, list);
}

void RecentHubs::clear()
{
    QSettings().remove(kKey);
}

} // namespace Herald::Monitor

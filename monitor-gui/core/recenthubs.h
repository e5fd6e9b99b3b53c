#pragma once

#include <QStringList>
#include <QUrl>

namespace Herald::Monitor {

/// The hubs this user monitored last, newest first, kept in QSettings
/// (tokens never are: they are secrets).
class RecentHubs
{
public:
    static constexpr int kMaxEntries = 10;

    static QStringList urls();
    /// Puts `url` first (once) and forgets the oldest beyond kMaxEntries.
    static void add(const QUrl &url);
    static void clear();
};

} // namespace Herald::Monitor

#pragma once

#include <Qt>

namespace Herald::Monitor {

/// Item roles the monitor's models answer besides Qt's own.
enum ModelRole : int {
    /// The raw value of a cell (number, QDateTime, ...), for sorting.
    SortRole = Qt::UserRole,
    /// What identifies the row, whatever the column: a channel name, a
    /// connection id, a user id.
    KeyRole,
};

} // namespace Herald::Monitor

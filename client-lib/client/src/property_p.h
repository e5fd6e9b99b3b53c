#pragma once

#include <QObject>

namespace Herald {

/// Sets the field behind a property and emits its change signal, if the
/// value changed. Returns whether it did.
template<typename Object, typename T, typename Signal>
bool assignProperty(Object *object, T &field, const T &value, Signal changed)
{
    if (field == value)
        return false;
    field = value;
    Q_EMIT(object->*changed)(value);
    return true;
}

} // namespace Herald

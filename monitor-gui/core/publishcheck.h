#pragma once

#include <QCoreApplication>
#include <QString>

namespace Herald::Monitor {

/// What the hub would refuse in a publish, said before it is sent
/// (docs/protocol.md, "Channels" and "publish").
class PublishCheck
{
    Q_DECLARE_TR_FUNCTIONS(PublishCheck)

public:
    /// Why the hub would refuse `channel`, or empty.
    static QString channelProblem(const QString &channel);
    /// Why the hub would refuse `event` as an event name, or empty.
    static QString eventProblem(const QString &event);
};

} // namespace Herald::Monitor

#pragma once

// What the tests of HubMonitor and of the main window start from: a hub,
// clients to make traffic on it, and a HubMonitor with fast timings that
// has not opened yet (a window test shows its window first).

#include "hubmonitor.h"
#include "monitortestsupport.h"

#include <memory>

namespace MonitorTestSupport {

struct MonitorFixture
{
    std::unique_ptr<TestHub> hub;
    std::unique_ptr<Crowd> crowd;
    std::unique_ptr<Herald::Monitor::HubMonitor> monitor;

    bool start()
    {
        hub = std::make_unique<TestHub>();
        if (!hub->start())
            return false;
        crowd = std::make_unique<Crowd>(*hub);
        monitor = std::make_unique<Herald::Monitor::HubMonitor>();
        monitor->setConnectionsRefreshInterval(100);
        TestSupport::makeFast(*monitor->client(), hub->url());
        return true;
    }
    /// Opens the monitor on the hub; true once its first snapshot is in.
    bool open()
    {
        monitor->open(hub->url());
        return QTest::qWaitFor([this] { return monitor->hasSnapshot(); }, 5000);
    }
    void stop()
    {
        monitor.reset();
        crowd.reset();
        hub.reset();
    }
};

} // namespace MonitorTestSupport

// sd_notify(3) without linking libsystemd: tells systemd (Type=notify units) that the daemon is
// ready or stopping, through the datagram socket named by $NOTIFY_SOCKET. A no-op when the
// variable is unset (not started by systemd).
#pragma once

#include <string_view>

namespace rilon::log {

// Sends `state` (e.g. "READY=1", "STOPPING=1"). Returns false when systemd could not be told.
bool NotifySystemd(std::string_view state);

}  // namespace rilon::log

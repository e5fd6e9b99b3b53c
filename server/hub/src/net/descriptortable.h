#pragma once

// Descriptor tables of their own for the hub's shard threads (Linux).
//
// RLIMIT_NOFILE bounds each descriptor table, not the process: a thread that
// calls unshare(CLONE_FILES) gets a copy of the table it shared and from
// then on opens, receives and closes descriptors in that copy only. The hub
// gives every shard thread a table of its own this way, so that N shards
// hold N times the limit in client sockets (docs/architecture.md).

#include <QtGlobal>

#include <vector>

namespace Herald::Net::DescriptorTable {

/// Whether threads can have tables of their own here (Linux, with /proc).
bool supported();

/// An eventfd in the calling thread's table: its number, the id the kernel
/// gave it (fdinfo "eventfd-id", unique among the eventfds that exist: a
/// number now held by something else no longer matches) and its counter.
struct EventFd
{
    int fd = -1;
    int id = -1;
    quint64 count = 0;
};

/// Every eventfd in the calling thread's table.
std::vector<EventFd> eventFds();
/// Whether `fd` in the calling thread's table is still the eventfd `id`.
bool isEventFd(int fd, int id);
/// The descriptors in the calling thread's table.
std::vector<int> descriptors();

/// Gives the calling thread a table of its own, a copy of the one it
/// shared, and closes in it every copy of a socket or FIFO except stdin,
/// stdout, stderr and `keep`: another thread's connection or pipe must end
/// when that thread closes it, not when this one exits. Each closed number
/// is left pointing at /dev/null, so that code that remembers one (a
/// library's socket) cannot reach a client socket that would reuse it.
/// Everything else (eventfds, regular files, devices) is kept. Returns how
/// many were closed, or -1 with errno set if the table could not be unshared.
int makePrivate(int keep);

/// A connected pair of unix sockets (SOCK_SEQPACKET, non-blocking,
/// close-on-exec) to pass descriptors over; false with errno set.
bool handoffPair(int pair[2]);
/// Sends a copy of `fd` over `channel` (SCM_RIGHTS); 0 or the errno
/// (EAGAIN: no room now; ETOOMANYREFS: too many descriptors in flight).
int send(int channel, int fd);

struct Received
{
    enum class Kind { Descriptor, Dropped, Empty, Closed, Failed };
    Kind kind = Kind::Empty;
    int fd = -1;   // Descriptor
    int error = 0; // Failed
};
/// Takes the next descriptor from `channel`, without blocking. Dropped: one
/// was sent but this table had no room for it (the kernel closed it).
Received receive(int channel);

} // namespace Herald::Net::DescriptorTable

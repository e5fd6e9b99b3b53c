#include "verification.h"

namespace HeraldBench {

std::uint64_t Verification::violations() const
{
    return gaps + backwards + seqErrors + foreign + missing + serverErrors + closed +
           connectFailures;
}

void Verification::first(std::string &slot, const std::string &text)
{
    if (slot.empty())
        slot = text.substr(0, 300);
}

void Verification::add(const Verification &other)
{
    gaps += other.gaps;
    backwards += other.backwards;
    seqErrors += other.seqErrors;
    foreign += other.foreign;
    missing += other.missing;
    serverErrors += other.serverErrors;
    closed += other.closed;
    connectFailures += other.connectFailures;
    first(firstServerError, other.firstServerError);
    first(firstClose, other.firstClose);
    first(firstConnectError, other.firstConnectError);
}

QJsonObject Verification::toJson() const
{
    return QJsonObject{
        {"violations", double(violations())},
        {"gaps", double(gaps)},
        {"backwards", double(backwards)},
        {"seq_errors", double(seqErrors)},
        {"foreign", double(foreign)},
        {"missing", double(missing)},
        {"server_errors", double(serverErrors)},
        {"closed", double(closed)},
        {"connect_failures", double(connectFailures)},
        {"first_server_error", QString::fromStdString(firstServerError)},
        {"first_close", QString::fromStdString(firstClose)},
        {"first_connect_error", QString::fromStdString(firstConnectError)},
    };
}

std::string Verification::summary() const
{
    if (violations() == 0)
        return "no loss, duplicate or reordering; no errors or drops";
    auto n = [](std::uint64_t value) { return std::to_string(value); };
    return n(violations()) + " VIOLATIONS: " + n(gaps) + " skipped, " + n(backwards) +
           " duplicate/reordered, " + n(seqErrors) + " seq errors, " + n(missing) + " missing, " +
           n(foreign) + " foreign, " + n(serverErrors) + " server errors, " + n(closed) +
           " dropped, " + n(connectFailures) + " failed connects";
}

} // namespace HeraldBench

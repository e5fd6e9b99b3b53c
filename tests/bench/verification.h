#pragma once

#include <QJsonObject>

#include <cstdint>
#include <string>

namespace HeraldBench {

/// What checking every delivery found: kept per worker, added up at the end.
struct Verification
{
    std::uint64_t gaps = 0;      // messages skipped over (lost, or overtaken)
    std::uint64_t backwards = 0; // a counter at or below one already seen: duplicate or reordered
    std::uint64_t seqErrors = 0; // the server's own seq did not count up by one
    std::uint64_t foreign = 0;   // a payload not ours, or on the wrong connection
    std::uint64_t missing = 0;   // published but never delivered by the end
    std::uint64_t serverErrors = 0;
    std::uint64_t closed = 0; // closed by the server or an error, once open
    std::uint64_t connectFailures = 0;
    std::string firstServerError;
    std::string firstClose;
    std::string firstConnectError;

    std::uint64_t violations() const;
    void add(const Verification &other);
    /// Keeps the first text of each kind: the one that explains the rest.
    static void first(std::string &slot, const std::string &text);
    QJsonObject toJson() const;
    /// One line for the table: "no loss, …" or the counts.
    std::string summary() const;
};

} // namespace HeraldBench

#pragma once

#include "httprequest.h"

#include <QByteArray>
#include <QStringList>

namespace Herald::Net::Handshake {

/// Whether a request asks to become a WebSocket (RFC 6455 4.2.1), as
/// opposed to a plain HTTP request for the hub's endpoints.
bool isUpgrade(const HttpRequest &request);

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
QByteArray acceptKey(const QByteArray &key);

struct Outcome
{
    bool accepted = false;
    QByteArray response; // the 101, or the HTTP error to send before closing
    QString subprotocol; // the one chosen, if any
    QByteArray reason;   // why it was refused
};

/// Checks an upgrade request and builds the reply: a 101 choosing the first
/// of `supported` subprotocols the client offers, or a 400/426 explaining
/// what is wrong.
Outcome answer(const HttpRequest &request, const QStringList &supported);

} // namespace Herald::Net::Handshake

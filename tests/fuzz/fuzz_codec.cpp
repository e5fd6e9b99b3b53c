// libFuzzer target for the protocol decoder (issue 5, "Hardening"): every
// byte string a client or a hub could send goes through decodeRequest and
// decodeServerFrame. A crash, a sanitizer report or a broken round trip
// fails the run (tests/fuzz/run.sh).

#include <herald/wire/codec.h>

#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <variant>

using namespace Herald::Wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView frame(reinterpret_cast<const char *>(data), qsizetype(size));

    const Codec::DecodedRequest decoded = Codec::decodeRequest(frame);
    if (const auto *request = std::get_if<Request>(&decoded)) {
        // What the codec accepted it must be able to say again, and mean
        // the same: the client library sends what the hub decodes.
        const QByteArray again = Codec::encodeRequest(*request);
        const Codec::DecodedRequest second = Codec::decodeRequest(QByteArrayView(again));
        const auto *reread = std::get_if<Request>(&second);
        if (!reread || !(reread->command == request->command))
            std::abort();
    } else {
        // The error reply is built from these; they must be usable.
        const auto &error = std::get<DecodeError>(decoded);
        (void)errorCodeName(error.code);
        (void)error.message.size();
    }

    // The hub's fast reader of publish frames must agree with the general
    // decoder wherever it answers: same id, channel, event and data value.
    // Its input is a text frame, so valid UTF-8; other bytes only must not
    // crash it.
    const std::optional<Request> quick = Codec::decodePublish(frame);
    const QByteArray bytes = frame.toByteArray();
    if (quick && QString::fromUtf8(bytes).toUtf8() == bytes) {
        const auto *general = std::get_if<Request>(&decoded);
        if (!general || !(general->id == quick->id) || !(general->command == quick->command))
            std::abort();
    }

    QString why;
    (void)Codec::decodeServerFrame(frame, &why);
    return 0;
}

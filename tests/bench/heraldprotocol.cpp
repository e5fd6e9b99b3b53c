#include "heraldprotocol.h"

namespace HeraldBench {

// Names and payloads are ours: plain ASCII that needs no JSON escaping.

std::string HeraldProtocol::subscribe(const std::string &channel, const std::string &) const
{
    return R"({"type":"subscribe","data":{"channels":[")" + channel + R"("]}})";
}

std::string HeraldProtocol::publish(const std::string &channel, const std::string &,
                                    const std::string &payload, std::size_t &payloadOffset) const
{
    std::string message = R"({"type":"publish","data":{"channel":")" + channel + R"(","data":")";
    payloadOffset = message.size();
    message += payload;
    message += R"("}})";
    return message;
}

void HeraldProtocol::receive(std::string &, const char *data, std::size_t size,
                             WireReceiver &receiver) const
{
    receiveJson(data, size, R"("seq":)", R"("type":"subscribed")", R"("type":"error")", receiver);
}

} // namespace HeraldBench

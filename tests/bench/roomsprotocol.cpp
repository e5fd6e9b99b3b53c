#include "roomsprotocol.h"

namespace HeraldBench {

std::string RoomsProtocol::subscribe(const std::string &channel, const std::string &user) const
{
    return R"({"type":"subscribe","room":")" + channel + R"(","userId":")" + user + R"("})";
}

std::string RoomsProtocol::publish(const std::string &channel, const std::string &publisher,
                                   const std::string &payload, std::size_t &payloadOffset) const
{
    std::string message = R"({"type":"publish","room":")" + channel + R"(","sender":")" +
                          publisher + R"(","content":")";
    payloadOffset = message.size();
    message += payload;
    message += R"("})";
    return message;
}

void RoomsProtocol::receive(std::string &, const char *data, std::size_t size,
                            WireReceiver &receiver) const
{
    // The seed answers a bad frame with {"error": …}; Herald's dialect with
    // {"type":"error",…}: both contain this.
    receiveJson(data, size, R"("sequence":)", R"("type":"subscribed")", R"("error")", receiver);
}

} // namespace HeraldBench

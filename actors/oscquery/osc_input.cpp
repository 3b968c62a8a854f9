#include "actors/oscquery/osc_input.hpp"

#include <boost/json.hpp>
#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "net/osc_message.hpp"
#include "system/messages/type_ids.hpp"

namespace lume {

osc_input::osc_input(caf::actor_addr owner) : owner_(std::move(owner)) {}

void osc_input::on_datagram(const std::uint8_t* data, std::size_t size, std::int64_t) {
  auto decoded = net::decode_osc_single(data, size);
  if (auto why = std::get_if<std::string>(&decoded)) {
    std::lock_guard<std::mutex> guard{mutex_};
    ++refused_[*why];
    return;
  }
  auto& x = std::get<net::osc_single>(decoded);
  {
    std::lock_guard<std::mutex> guard{mutex_};
    ++messages_;
  }
  if (auto owner = caf::actor_cast<caf::actor>(owner_))
    caf::anon_send(owner, atom::apply_v, std::move(x.path), std::string(1, x.tag), x.number,
                   std::move(x.text));
}

boost::json::object osc_input::state() const {
  std::lock_guard<std::mutex> guard{mutex_};
  boost::json::object refused;
  for (auto& [reason, n] : refused_)
    refused[reason] = n;
  return {{"messages", messages_}, {"refused", std::move(refused)}};
}

} // namespace lume

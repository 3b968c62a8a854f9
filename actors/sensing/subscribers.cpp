#include "actors/sensing/subscribers.hpp"

#include <boost/json.hpp>
#include <caf/mailbox_element.hpp>

namespace lume {

subscriber_list::subscriber_list(std::shared_ptr<name_registry> names,
                                 const std::vector<std::string>& subscribers)
  : names_(std::move(names)) {
  for (auto& name : subscribers)
    entries_.emplace_back().name = name;
}

void subscriber_list::publish(const caf::message& msg, caf::execution_unit* host) {
  for (auto& x : entries_) {
    if (!x.handle && names_) {
      x.handle = names_->lookup(x.name);
      x.resolved.store(static_cast<bool>(x.handle), std::memory_order_relaxed);
    }
    if (!x.handle) {
      x.unresolved.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    x.handle->enqueue(caf::make_mailbox_element(nullptr, caf::make_message_id(), {}, msg), host);
    x.sent.fetch_add(1, std::memory_order_relaxed);
  }
}

boost::json::array subscriber_list::to_json() const {
  boost::json::array result;
  for (auto& x : entries_)
    result.push_back(boost::json::object{{"name", x.name},
                                         {"resolved", x.resolved.load(std::memory_order_relaxed)},
                                         {"sent", x.sent.load(std::memory_order_relaxed)},
                                         {"unresolved", x.unresolved.load(std::memory_order_relaxed)}});
  return result;
}

} // namespace lume

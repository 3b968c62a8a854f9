#include "tests/sensing/sensing_fixture.hpp"

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

namespace lume::test {

sensing_fixture::sensing_fixture() {
  ctx = std::make_shared<node_context>();
  ctx->config.node = "test";
  ctx->names = std::make_shared<name_registry>(sys, 64);
  ctx->latency = std::make_shared<latency_registry>();
  clock = std::make_shared<manual_clock>(120.0, micros{0});
  ctx->clock = clock;
}

sensing_fixture::~sensing_fixture() {
  for (auto& actor : actors_)
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  sched.run();
}

void sensing_fixture::bind(const std::string& name, caf::actor actor) {
  auto entry = ctx->names->declare(name, "test", "");
  entry.proxy->bind(actor);
  actors_.push_back(std::move(actor));
}

std::shared_ptr<received> sensing_fixture::sink(const std::string& name) {
  auto log = std::make_shared<received>();
  bind(name, sys.spawn([log](caf::event_based_actor* self) -> caf::behavior {
    self->set_default_handler([log](caf::scheduled_actor*, caf::message_view& x) -> caf::result<caf::message> {
      log->messages.push_back(x.copy_content_to_message());
      return caf::message{};
    });
    return {[](atom::inspect) { return std::string{"{}"}; }};
  }));
  return log;
}

boost::json::object sensing_fixture::inspect(const caf::actor& actor) {
  std::string answer;
  self->send(actor, atom::inspect_v);
  sched.run();
  self->receive([&](const std::string& x) { answer = x; });
  return boost::json::parse(answer).as_object();
}

} // namespace lume::test

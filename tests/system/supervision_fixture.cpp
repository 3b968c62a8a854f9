#include "tests/system/supervision_fixture.hpp"

#include <caf/event_based_actor.hpp>

namespace lume::test {

namespace {

caf::behavior worker(caf::event_based_actor* self, std::string name,
                     std::shared_ptr<event_log> events) {
  events->push_back("start " + name);
  self->attach_functor([=](const caf::error&) { events->push_back("stop " + name); });
  return {
    [](int x) { return x + 1; },
    [self](const std::string& order) {
      if (order == "crash")
        self->quit(caf::sec::runtime_error);
      else if (order == "exit")
        self->quit();
    },
    [self](atom::inspect) { return std::string{"{\"mailbox\":0}"}; },
  };
}

} // namespace

supervision_fixture::supervision_fixture() {
  ctx = std::make_shared<node_context>();
  ctx->config.node = "test";
  auto kinds = std::make_shared<kind_catalog>();
  actor_kind kind;
  kind.name = "worker";
  kind.spawn = [events = events](caf::actor_system& sys, const child_spec& spec,
                                 const std::shared_ptr<const node_context>&)
    -> caf::expected<caf::actor> { return sys.spawn(worker, spec.name, events); };
  kinds->add(std::move(kind));
  ctx->kinds = kinds;
}

supervision_fixture::~supervision_fixture() {
  if (root) {
    caf::anon_send_exit(root, caf::exit_reason::user_shutdown);
    run();
  }
}

child_spec supervision_fixture::sup(std::string name, std::string parent,
                                    restart_strategy strategy, int intensity,
                                    caf::timespan period) {
  child_spec spec;
  spec.name = std::move(name);
  spec.kind = "supervisor";
  spec.supervisor = std::move(parent);
  spec.flags = {strategy, intensity, period};
  return spec;
}

child_spec supervision_fixture::work(std::string name, std::string parent,
                                     restart_type restart) {
  child_spec spec;
  spec.name = std::move(name);
  spec.kind = "worker";
  spec.supervisor = std::move(parent);
  spec.restart = restart;
  return spec;
}

void supervision_fixture::start(std::vector<child_spec> specs, size_t restart_queue) {
  ctx->config.actors = std::move(specs);
  ctx->names = std::make_shared<name_registry>(sys, restart_queue);
  auto& root_spec = ctx->config.actors.front();
  auto entry = ctx->names->declare(root_spec.name, root_spec.kind, "");
  root = sys.spawn(supervisor, root_spec, std::shared_ptr<const node_context>{ctx});
  entry.proxy->bind(caf::actor_cast<caf::actor>(root));
  run();
}

caf::actor supervision_fixture::name(const std::string& x) const {
  return ctx->names->lookup(x);
}

name_proxy& supervision_fixture::proxy(const std::string& x) const {
  return *ctx->names->find(x)->proxy;
}

} // namespace lume::test

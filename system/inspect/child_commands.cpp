#include <chrono>

#include <boost/json.hpp>

#include "system/inspect/commands.hpp"
#include "system/inspect/response.hpp"
#include "system/supervision/supervisor.hpp"

/// `stop`, `start` and `restart`: OTP's terminate_child and restart_child,
/// asked of the actor's supervisor on the node that runs it.
namespace lume::commands {

namespace {

/// A stop waits for the child's shutdown time; leave room above it.
constexpr auto child_timeout = std::chrono::seconds{30};

enum class child_op { stop, start, restart };

const char* verb(child_op op) {
  switch (op) {
    case child_op::stop:
      return "stop";
    case child_op::start:
      return "start";
    default:
      return "restart";
  }
}

caf::result<std::string> run(inspector_self self, const args& xs, child_op op) {
  std::string error;
  auto entry = find_name(self, xs, error);
  if (entry == nullptr)
    return error_response(error);
  if (auto node = entry->proxy->remote_node(); !node.empty())
    return forward_to(self, node, std::string{verb(op)} + ' ' + entry->name);
  auto& ctx = *self->state.ctx;
  for (auto& spec : ctx.config.actors)
    if (spec.name == entry->name && spec.movable && op != child_op::restart)
      return error_response(entry->name
                            + " is movable: the mesh places it (use move, or restart)");
  if (entry->supervisor.empty())
    return error_response(entry->name + " is the root supervisor");
  auto parent = ctx.names->find(entry->supervisor);
  if (parent == nullptr || !parent->proxy->current())
    return error_response("the supervisor " + entry->supervisor + " is not running");
  auto sup = caf::actor_cast<supervisor_actor>(parent->proxy->current());
  auto name = entry->name;
  auto proxy = entry->proxy;
  auto promise = self->make_response_promise<std::string>();
  auto answer = [promise, name, op, proxy](bool done) mutable {
    // Stopped for good: messages to the name bounce instead of queueing
    // for an incarnation that may never come (OTP: noproc).
    if (done && op == child_op::stop)
      proxy->release();
    auto status = op == child_op::stop ? "stopped" : "started";
    if (done)
      promise.deliver(ok_response(name + ' ' + status,
                                  boost::json::object{{"name", name}, {"status", status}}));
    else if (op == child_op::start)
      promise.deliver(error_response(name + " is not stopped"));
    else
      promise.deliver(error_response(name + " is not running"));
  };
  auto failed = [promise, name](caf::error& err) mutable {
    promise.deliver(error_response("the supervisor of " + name
                                   + " did not answer: " + caf::to_string(err)));
  };
  if (op == child_op::start) {
    self->request(sup, child_timeout, atom::restart_child_v, name).then(answer, failed);
  } else if (op == child_op::stop) {
    self->request(sup, child_timeout, atom::terminate_child_v, name).then(answer, failed);
  } else {
    self->request(sup, child_timeout, atom::terminate_child_v, name)
      .then(
        [self, sup, name, answer, failed](bool stopped) mutable {
          if (!stopped)
            return answer(false);
          self->request(sup, child_timeout, atom::restart_child_v, name).then(answer, failed);
        },
        failed);
  }
  return promise;
}

} // namespace

caf::result<std::string> stop(inspector_self self, const args& xs) {
  return run(self, xs, child_op::stop);
}

caf::result<std::string> start(inspector_self self, const args& xs) {
  return run(self, xs, child_op::start);
}

caf::result<std::string> restart(inspector_self self, const args& xs) {
  return run(self, xs, child_op::restart);
}

} // namespace lume::commands

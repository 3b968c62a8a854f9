#include "system/mesh/checkpointer.hpp"

#include <boost/json/object.hpp>
#include <caf/send.hpp>

#include "system/clock/host_clock.hpp"
#include "system/log/log.hpp"
#include "system/mesh/checkpoint_store.hpp"
#include "system/node/node_context.hpp"

namespace lume {

checkpointer::checkpointer(std::string name, uint64_t epoch, caf::actor mesh,
                           std::shared_ptr<checkpoint_store> store, caf::timespan interval,
                           std::optional<checkpoint> last)
  : name_(std::move(name)), epoch_(epoch), mesh_(std::move(mesh)), store_(std::move(store)),
    interval_(interval), last_(std::move(last)) {
}

std::shared_ptr<checkpointer> checkpointer::of(const child_spec& spec, const node_context& ctx) {
  if (!spec.movable || !ctx.mesh)
    return std::make_shared<checkpointer>();
  return std::make_shared<checkpointer>(spec.name, ctx.checkpoints->epoch(spec.name), ctx.mesh,
                                        ctx.checkpoints,
                                        ctx.config.mesh.checkpoint_interval,
                                        ctx.checkpoints->get(spec.name));
}

void checkpointer::changed() {
  if (self_ == nullptr)
    return;
  dirty_ = true;
  auto now = self_->clock().now();
  if (!last_sent_ || now - *last_sent_ >= interval_) {
    send();
  } else if (!armed_) {
    armed_ = true;
    arm_(*last_sent_ + interval_);
  }
}

void checkpointer::due() {
  armed_ = false;
  if (self_ != nullptr && dirty_)
    send();
}

void checkpointer::send(bool force) {
  if (auto cp = take(force)) {
    keep(*cp);
    caf::anon_send(mesh_, std::move(*cp));
  }
}

void checkpointer::keep(const checkpoint& cp) {
  if (store_)
    store_->put(cp);
}

std::optional<checkpoint> checkpointer::take(bool force) {
  if (self_ == nullptr)
    return std::nullopt;
  checkpoint cp{name_, epoch_, host_now().count(), {}};
  caf::binary_serializer sink{self_->system(), cp.state};
  if (auto err = write_(sink)) {
    if (errors_++ == 0)
      role_logger("mesh")->error("{} cannot checkpoint its state: {}", name_,
                                 self_->system().render(err));
    return std::nullopt;
  }
  dirty_ = false;
  last_sent_ = self_->clock().now();
  if (!force && cp.state == last_bytes_)
    return std::nullopt;
  last_bytes_ = cp.state;
  taken_us_ = cp.taken_us;
  ++sent_;
  return cp;
}

int64_t checkpointer::age_us() const {
  return taken_us_ == 0 ? -1 : host_now().count() - taken_us_;
}

void checkpointer::describe(boost::json::object& state) const {
  if (!active())
    return;
  state["epoch"] = epoch_;
  state["checkpoint_age_ms"] = age_us() / 1000.0;
  state["checkpoints"] = sent_;
  state["checkpoint_errors"] = errors_;
}

} // namespace lume

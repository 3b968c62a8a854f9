#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>
#include <caf/actor.hpp>
#include <caf/actor_clock.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/system_messages.hpp>
#include <caf/local_actor.hpp>

#include "system/config/node_config.hpp"
#include "system/mesh/mesh_messages.hpp"
#include "system/messages/type_ids.hpp"

namespace lume {

class checkpoint_store;

struct node_context;

/// Checkpoints a movable actor's state: sends it to its node's mesh actor
/// (which replicates it to the nodes that may host the actor next) on
/// change, at most once per `lume.mesh.checkpoint-interval`. A change within
/// the interval after the last checkpoint goes out when the interval ends
/// (the actor gets a delayed `atom::checkpoint` and answers it with `due`),
/// so the mesh never holds a state older than one interval; a stop on
/// purpose sends the state once more. The next incarnation restores the
/// newest checkpoint. For a pinned actor every call does nothing.
///
/// An actor opts in with a handler `[](atom::checkpoint) { cp->due(); }`,
/// one `attach` when it starts and `changed()` after each change.
class checkpointer {
public:
  /// Inactive: a pinned actor.
  checkpointer() = default;

  /// `store`, this node's checkpoint store, takes every checkpoint at once
  /// (the mesh replicates it later): a restart on this node never waits for
  /// the mesh actor to have read the last words.
  checkpointer(std::string name, uint64_t epoch, caf::actor mesh,
               std::shared_ptr<checkpoint_store> store, caf::timespan interval,
               std::optional<checkpoint> last);

  checkpointer(const checkpointer&) = delete;
  checkpointer& operator=(const checkpointer&) = delete;

  /// The checkpointer of one incarnation of `spec`: active when `spec` is
  /// movable, with the epoch the mesh gave it and the mesh's newest
  /// checkpoint of it.
  static std::shared_ptr<checkpointer> of(const child_spec& spec, const node_context& ctx);

  bool active() const {
    return static_cast<bool>(mesh_);
  }

  /// Placement epoch of this incarnation (0 when pinned).
  uint64_t epoch() const {
    return epoch_;
  }

  /// Restores `state` from the newest checkpoint; false if there is none or
  /// it does not fit (then `state` is unspecified: start from scratch).
  template <class State>
  bool restore(caf::actor_system& sys, State& state) {
    if (!last_)
      return false;
    caf::binary_deserializer source{sys, last_->state};
    if (source(state))
      return false;
    taken_us_ = last_->taken_us;
    return true;
  }

  /// Binds the checkpointer to `self`: `snapshot()` yields the state to
  /// send, trailing checkpoints arrive as `atom::checkpoint`, and an exit
  /// message (a stop on purpose) sends the state once more before `self`
  /// quits. `self` must handle `atom::checkpoint` by calling `due`.
  template <class Self, class Snapshot>
  void attach(Self self, Snapshot snapshot) {
    if (!active())
      return;
    self_ = self;
    write_ = [snapshot](caf::binary_serializer& sink) {
      auto state = snapshot();
      return sink(state);
    };
    arm_ = [self](caf::actor_clock::time_point at) {
      self->scheduled_send(self, at, atom::checkpoint_v);
    };
    self->set_exit_handler([this, self](caf::exit_msg& msg) {
      if (!msg.reason)
        return;
      send(true);
      self->quit(std::move(msg.reason));
    });
  }

  /// The state changed: sends it now if the last checkpoint is an interval
  /// old, else once it is.
  void changed();

  /// The delayed `atom::checkpoint` arrived: sends a change still unsent.
  void due();

  /// Sends the state now and has the mesh hand it to every peer up that may
  /// host the actor next; `done(replicas)` runs in `self` once they answered:
  /// how many peers hold it (0 when inactive or alone, -1 if the local mesh
  /// did not answer). An acknowledgment that must survive the loss of this
  /// node waits for it.
  template <class Self, class Done>
  void confirm(Self self, Done done) {
    auto cp = take(true);
    if (!cp) {
      done(int64_t{active() ? -1 : 0});
      return;
    }
    keep(*cp);
    self->request(mesh_, confirm_timeout, atom::checkpoint_v, std::move(*cp))
      .then([done](uint64_t held) mutable { done(static_cast<int64_t>(held)); },
            [done](caf::error&) mutable { done(int64_t{-1}); });
  }

  /// Age of the last checkpoint sent (or restored) in µs; -1 if none.
  int64_t age_us() const;

  /// Checkpoints sent, and states that could not be serialized.
  uint64_t sent() const {
    return sent_;
  }
  uint64_t errors() const {
    return errors_;
  }

  /// Adds `epoch`, `checkpoint_age_ms`, `checkpoints` and
  /// `checkpoint_errors` to an actor's `inspect` answer (when active).
  void describe(boost::json::object& state) const;

private:
  /// How long `confirm` waits for the local mesh (which waits `down-after`
  /// for its peers).
  static constexpr caf::timespan confirm_timeout = std::chrono::seconds{2};

  /// Serializes the state and sends it; unless `force`, not when it equals
  /// the last one sent.
  void send(bool force = false);

  /// Puts `cp` into this node's store at once (see the constructor).
  void keep(const checkpoint& cp);

  /// Serializes the state as a checkpoint to send, counted as sent; none
  /// when inactive, unserializable or (unless `force`) equal to the last.
  std::optional<checkpoint> take(bool force);

  std::string name_;
  uint64_t epoch_ = 0;
  caf::actor mesh_;
  std::shared_ptr<checkpoint_store> store_;
  caf::timespan interval_{0};
  std::optional<checkpoint> last_;
  caf::local_actor* self_ = nullptr;
  std::function<caf::error(caf::binary_serializer&)> write_;
  std::function<void(caf::actor_clock::time_point)> arm_;
  bool dirty_ = false;
  bool armed_ = false;
  std::optional<caf::actor_clock::time_point> last_sent_;
  std::vector<char> last_bytes_;
  int64_t taken_us_ = 0;
  uint64_t sent_ = 0;
  uint64_t errors_ = 0;
};

} // namespace lume

#include "actors/features/actors/depth_features_actor.hpp"

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

depth_features_actor::behavior_type
depth_features_behavior(depth_features_self self, std::shared_ptr<const node_context> ctx,
                        std::string name, std::vector<std::string> subscribers,
                        features::depth_config config) {
  auto& st = self->state;
  st.depth = features::depth_features{config};
  st.out.emplace(*ctx, name, subscribers);
  return {
    [self](const depth_frame& msg) {
      auto& st = self->state;
      st.out->arrived(msg.source, msg.origin_us);
      ++st.frames;
      if (msg.width == 0 || msg.height == 0
          || msg.depth_mm.size() != std::size_t{msg.width} * msg.height) {
        ++st.bad_frames;
        return;
      }
      auto& result = st.depth.process({msg.depth_mm.data(), msg.width, msg.height});
      feature_values values;
      depth_values(result, values);
      st.out->publish(msg.source, msg.origin_us, std::move(values), self->context());
    },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      auto result = st.out->state();
      result["frames"] = st.frames;
      result["bad_frames"] = st.bad_frames;
      result["mailbox"] = self->mailbox().size();
      return boost::json::serialize(result);
    },
  };
}

actor_kind depth_features_kind() {
  actor_kind kind;
  kind.name = "depth-features";
  kind.summary = "turns depth_frame into feature_vector";
  caf::config_option_adder{kind.options, "options"}
    .add<std::vector<std::string>>("subscribers", "names that receive the features")
    .add<int64_t>("near-mm", "nearest depth of the body band, mm (default 500)")
    .add<int64_t>("far-mm", "farthest depth of the body band, mm (default 4000)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    features::depth_config config;
    auto near_mm = caf::get_or(spec.options, "near-mm", int64_t{config.near_mm});
    auto far_mm = caf::get_or(spec.options, "far-mm", int64_t{config.far_mm});
    if (near_mm < 0 || far_mm > 65535 || near_mm >= far_mm)
      return make_error(ec::spawn_failed,
                        spec.name + ": options 'near-mm' < 'far-mm' must lie in 0..65535");
    config.near_mm = static_cast<std::uint16_t>(near_mm);
    config.far_mm = static_cast<std::uint16_t>(far_mm);
    auto subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
    return caf::actor_cast<caf::actor>(
      sys.spawn(depth_features_behavior, ctx, spec.name, std::move(subscribers), config));
  };
  return kind;
}

} // namespace lume

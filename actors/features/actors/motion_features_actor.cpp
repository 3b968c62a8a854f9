#include "actors/features/actors/motion_features_actor.hpp"

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

motion_features_actor::behavior_type
motion_features_behavior(motion_features_self self, std::shared_ptr<const node_context> ctx,
                         std::string name, std::vector<std::string> subscribers,
                         features::motion_config config) {
  auto& st = self->state;
  st.motion = features::motion_features{config};
  st.out.emplace(*ctx, name, subscribers);
  return {
    [self](const skeleton_frame& msg) {
      auto& st = self->state;
      st.out->arrived(msg.source, msg.origin_us);
      ++st.frames;
      if (!to_dsp(msg, st.input)) {
        ++st.wrong_rig;
        return;
      }
      auto& result = st.motion.process(st.input);
      if (!result.accepted) {
        ++st.not_accepted;
        return;
      }
      feature_values values;
      motion_values(result, values);
      st.out->publish(msg.source, msg.origin_us, std::move(values), self->context());
    },
    [self](const phone_motion& msg) {
      auto& st = self->state;
      st.out->arrived(msg.source, msg.origin_us);
      ++st.phone_samples;
      auto& result = st.phone.process(to_dsp(msg, st.gravity_m_per_s2));
      if (!result.accepted)
        return;
      feature_values values;
      phone_values(result, values);
      st.out->publish(msg.source, msg.origin_us, std::move(values), self->context());
    },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      auto result = st.out->state();
      result["frames"] = st.frames;
      result["wrong_rig"] = st.wrong_rig;
      result["not_accepted"] = st.not_accepted;
      result["phone_samples"] = st.phone_samples;
      result["mailbox"] = self->mailbox().size();
      return boost::json::serialize(result);
    },
  };
}

actor_kind motion_features_kind() {
  actor_kind kind;
  kind.name = "motion-features";
  kind.summary = "turns skeleton_frame and phone_motion into feature_vector";
  caf::config_option_adder{kind.options, "options"}
    .add<std::vector<std::string>>("subscribers", "names that receive the features")
    .add<double>("body-mass", "performer's body mass for the kinetic energy, kg (default 70)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    features::motion_config config;
    auto mass = caf::get_or(spec.options, "body-mass", 70.0);
    if (!(mass > 0 && mass < 500))
      return make_error(ec::spawn_failed, spec.name + ": option 'body-mass' must be in (0, 500) kg");
    config.body_mass_kg = static_cast<float>(mass);
    auto subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
    return caf::actor_cast<caf::actor>(
      sys.spawn(motion_features_behavior, ctx, spec.name, std::move(subscribers), config));
  };
  return kind;
}

} // namespace lume

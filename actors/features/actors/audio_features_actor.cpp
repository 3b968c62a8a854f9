#include "actors/features/actors/audio_features_actor.hpp"

#include <stdexcept>

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/stateful_actor.hpp>

#include "system/errors.hpp"
#include "system/node/node_context.hpp"

namespace lume {

namespace {

/// Mics of the UMA-8 geometry: the DOA needs channels 0..6.
constexpr std::uint16_t doa_channels = 7;

/// Sets the DSP up for `msg`'s format; false if it refuses the format.
bool set_up(audio_features_state& st, const audio_block& msg) {
  if (st.audio && st.rate == msg.sample_rate && st.channels == msg.channels)
    return true;
  st.audio.reset();
  st.doa.reset();
  try {
    features::audio_config audio;
    audio.sample_rate_hz = static_cast<float>(msg.sample_rate);
    audio.channels = msg.channels;
    audio.fft_size = st.fft_size;
    st.audio = std::make_unique<features::audio_features>(audio);
    if (st.doa_enabled && msg.channels >= doa_channels) {
      features::doa_config doa;
      doa.sample_rate_hz = audio.sample_rate_hz;
      doa.channels = msg.channels;
      doa.fft_size = st.fft_size;
      st.doa = std::make_unique<features::doa_estimator>(doa);
    }
  } catch (const std::invalid_argument&) {
    st.audio.reset();
    return false;
  }
  st.rate = msg.sample_rate;
  st.channels = msg.channels;
  return true;
}

} // namespace

audio_features_actor::behavior_type
audio_features_behavior(audio_features_self self, std::shared_ptr<const node_context> ctx,
                        std::string name, std::vector<std::string> subscribers,
                        std::size_t fft_size, bool doa) {
  auto& st = self->state;
  st.fft_size = fft_size;
  st.doa_enabled = doa;
  st.out.emplace(*ctx, name, subscribers);
  return {
    [self](const audio_block& msg) {
      auto& st = self->state;
      st.out->arrived(msg.source, msg.origin_us);
      ++st.blocks;
      if (msg.channels == 0 || msg.sample_rate == 0 || msg.samples.empty()
          || msg.samples.size() % msg.channels != 0 || !set_up(st, msg)) {
        ++st.bad_blocks;
        return;
      }
      const auto frames = msg.samples.size() / msg.channels;
      feature_values values;
      audio_values(st.audio->process(msg.samples.data(), frames), values);
      if (st.doa)
        doa_values(st.doa->process(msg.samples.data(), frames), values);
      st.out->publish(msg.source, msg.origin_us, std::move(values), self->context());
    },
    [self](atom::inspect) -> std::string {
      auto& st = self->state;
      auto result = st.out->state();
      result["blocks"] = st.blocks;
      result["bad_blocks"] = st.bad_blocks;
      result["rate"] = st.rate;
      result["channels"] = st.channels;
      result["doa"] = static_cast<bool>(st.doa);
      result["mailbox"] = self->mailbox().size();
      return boost::json::serialize(result);
    },
  };
}

actor_kind audio_features_kind() {
  actor_kind kind;
  kind.name = "audio-features";
  kind.summary = "turns audio_block into feature_vector (level, centroid, onsets, azimuth)";
  caf::config_option_adder{kind.options, "options"}
    .add<std::vector<std::string>>("subscribers", "names that receive the features")
    .add<int64_t>("fft-size", "spectral analysis length, a power of two (default 2048)")
    .add<bool>("doa", "estimate the direction of arrival on 7+ channels (default true)");
  kind.spawn = [](caf::actor_system& sys, const child_spec& spec,
                  const std::shared_ptr<const node_context>& ctx) -> caf::expected<caf::actor> {
    auto fft_size = caf::get_or(spec.options, "fft-size", int64_t{2048});
    if (fft_size < 64 || fft_size > 65536 || (fft_size & (fft_size - 1)) != 0)
      return make_error(ec::spawn_failed,
                        spec.name + ": option 'fft-size' must be a power of two in 64..65536");
    auto doa = caf::get_or(spec.options, "doa", true);
    auto subscribers = caf::get_or(spec.options, "subscribers", std::vector<std::string>{});
    return caf::actor_cast<caf::actor>(sys.spawn(audio_features_behavior, ctx, spec.name,
                                                 std::move(subscribers),
                                                 static_cast<std::size_t>(fft_size), doa));
  };
  return kind;
}

} // namespace lume

#include <cmath>
#include <cstdio>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "system/clock/clock_service.hpp"
#include "system/inspect/command_line.hpp"
#include "system/inspect/commands.hpp"
#include "system/inspect/response.hpp"

namespace lume::commands {

namespace {

/// Link's tempo range, BPM.
constexpr double min_tempo = 20;
constexpr double max_tempo = 999;

} // namespace

caf::result<std::string> clock(inspector_self self, const args& xs) {
  if (!xs.empty())
    return error_response("usage: clock");
  auto& ctx = *self->state.ctx;
  const auto tick = read_clock(*ctx.clock, ctx.config.clock.quantum);
  const auto bar = static_cast<int64_t>(std::floor(tick.beat / tick.quantum));
  char text[200];
  std::snprintf(text, sizeof(text),
                "tempo %.2f BPM  beat %.3f  bar %lld  phase %.3f/%g  peers %u  %s%s\n",
                tick.tempo, tick.beat, static_cast<long long>(bar), tick.phase, tick.quantum,
                tick.peers, tick.playing ? "playing" : "stopped",
                ctx.config.clock.link ? "" : "  (Link disabled)");
  boost::json::object data{{"tempo", tick.tempo},       {"beat", tick.beat},
                           {"phase", tick.phase},       {"bar", bar},
                           {"quantum", tick.quantum},   {"peers", tick.peers},
                           {"playing", tick.playing},   {"time_us", tick.origin_us},
                           {"link", ctx.config.clock.link}};
  return ok_response(text, std::move(data));
}

caf::result<std::string> tempo(inspector_self self, const args& xs) {
  auto parsed = xs.size() == 1 ? parse_number(xs[0]) : std::nullopt;
  if (!parsed)
    return error_response("usage: tempo BPM");
  const double bpm = *parsed;
  if (bpm < min_tempo || bpm > max_tempo)
    return error_response("BPM must be within [20, 999] (Link's range)");
  auto& ctx = *self->state.ctx;
  const micros at = ctx.clock->now();
  ctx.clock->set_tempo(bpm, at);
  // Link's listener notifies the service too; other clocks rely on this.
  if (ctx.clock_service)
    caf::anon_send(ctx.clock_service, atom::notify_v);
  char text[64];
  std::snprintf(text, sizeof(text), "tempo %.2f BPM\n", bpm);
  return ok_response(text, boost::json::object{{"tempo", bpm}, {"time_us", at.count()}});
}

} // namespace lume::commands

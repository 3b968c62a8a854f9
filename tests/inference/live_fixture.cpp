#include "tests/inference/live_fixture.hpp"

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/inference/inference.hpp"
#include "actors/sensing/hop_set.hpp"
#include "system/clock/manual_clock.hpp"
#include "tests/sensing/options.hpp"

namespace lume::test {

live_fixture::live_fixture() {
  ctx = std::make_shared<node_context>();
  ctx->config.node = "test";
  ctx->names = std::make_shared<name_registry>(sys, 64);
  ctx->latency = std::make_shared<latency_registry>();
  ctx->clock = std::make_shared<manual_clock>(120.0, micros{0});
  auto log = bus;
  auto sink = sys.spawn([log](caf::event_based_actor*) -> caf::behavior {
    return {
      [log](const styled_frame& frame) {
        std::lock_guard<std::mutex> guard{log->mutex};
        log->frames.push_back(frame);
        log->arrived_us.push_back(host_now_us());
      },
    };
  });
  ctx->names->declare("bus", "test", "").proxy->bind(sink);
  actors.push_back(sink);
}

live_fixture::~live_fixture() {
  for (auto& actor : actors)
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
}

caf::actor live_fixture::spawn_inference(const std::string& options, bool movable) {
  auto spec = spec_of("inference", "inference", options);
  spec.movable = movable;
  if (movable)
    spec.nodes = {"test"};
  auto spawned = inference_kind().spawn(sys, spec, ctx);
  if (!spawned)
    throw std::runtime_error("inference did not spawn: " + sys.render(spawned.error()));
  actors.push_back(*spawned);
  return *spawned;
}

boost::json::object live_fixture::inspect(const caf::actor& actor) {
  caf::scoped_actor self{sys};
  std::string answer;
  self->request(actor, std::chrono::seconds{2}, atom::inspect_v)
    .receive([&](const std::string& x) { answer = x; }, [](const caf::error&) {});
  if (answer.empty())
    return {};
  return boost::json::parse(answer).as_object();
}

bool live_fixture::eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return done();
}

depth_frame live_fixture::depth(int64_t origin_us, uint16_t side) {
  depth_frame frame;
  frame.source = "depth";
  frame.origin_us = origin_us;
  frame.width = side;
  frame.height = side;
  for (uint32_t y = 0; y < side; ++y)
    for (uint32_t x = 0; x < side; ++x)
      frame.depth_mm.push_back(static_cast<uint16_t>(600 + 50 * ((x / 8 + y / 8) % 2) * 40 + x * 10));
  return frame;
}

} // namespace lume::test

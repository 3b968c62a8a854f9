// lume-bench-quantizer: how close quantized deliveries land to the beat grid,
// what the final precise wait costs other actors, and (with --link) how fast
// a tempo change reaches subscribed actors and how well two Link peers agree.
//
//   lume-bench-quantizer [--deliveries N] [--link] [--idle-only] [--detached-target]
//                        [--lookahead-us N] [--timer-slack-us N] [--no-moderate-polling]
//
// Deliveries: exact beats 10-30 ms ahead, one every 10 ms, to an actor that
// stamps the Link host time on receipt; received-grid = receipt - grid time.
// sent-grid is the quantizer's own figure: its thread's clock read right
// after the enqueue into the target's mailbox returned, minus the delivery
// time (grid - lookahead). cpu: the process's CPU time over the run. Two
// designs of the final wait, idle and with one busy thread per core:
//  - thread: the quantizer (CAF timer, then its precise_sender thread);
//  - worker: a CAF timer, then precise_wait inside the actor's handler,
//    blocking a scheduler thread for up to the spin margin.
// Meanwhile a probe thread measures request round trips to an echo actor
// every 2 ms: the cost to everyone else (and it keeps CAF's workers in their
// "moderate" polling, as a node's sensor traffic does).
// Variants of the target's hand-off to a CAF worker: --lookahead-us N
// delivers N us early (the quantizer's per-target compensation);
// --detached-target gives the target a thread of its own; --timer-slack-us N
// sets the timer slack of CAF's threads (their 50 us polling sleeps overshoot
// by it); --no-moderate-polling skips that polling phase. --idle-only skips
// the runs under load.
// --link ENABLES Link: run it only inside its own network namespace, e.g.
//   unshare -n sh -c 'ip link set lo up; ip link set lo multicast on;
//     ip route add 224.0.0.0/4 dev lo; lume-bench-quantizer --link'
// It adds a second Link peer in the process (the "other node"): errors are
// then also taken against that peer's grid, and it measures tempo change →
// every subscribed actor notified, and phase agreement at equal host time.

#include <sys/prctl.h>
#include <sys/resource.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/quantizer/precise_wait.hpp"
#include "actors/quantizer/quantizer.hpp"
#include "system/clock/clock_service.hpp"
#include "system/clock/host_clock.hpp"
#include "system/clock/link_clock.hpp"
#include "system/node/node_context.hpp"
#include "system/node/system_config.hpp"
#include "tests/bench/bench_support.hpp"

using namespace lume;
using namespace std::chrono_literals;

namespace {

constexpr double quantum = 4.0;

/// Receipt times (host µs) by delivery index, written by the target actor.
struct stamps {
  explicit stamps(size_t n) : at(n) {
    for (auto& x : at)
      x = -1;
  }
  std::vector<std::atomic<int64_t>> at;
  std::atomic<size_t> count{0};
};

caf::behavior stamping_target(caf::event_based_actor*, std::shared_ptr<stamps> log) {
  return {[=](int i) {
    log->at[static_cast<size_t>(i)] = host_now().count();
    ++log->count;
  }};
}

/// The alternative design: the final wait blocks the CAF worker thread.
caf::behavior worker_spinner(caf::event_based_actor* self, caf::actor target) {
  return {
    [=](int i, int64_t deliver_us) {
      const micros lead = micros{deliver_us} - host_now() - default_spin_margin;
      self->delayed_send(self, std::max(lead, micros{0}), atom::tick_v, i, deliver_us);
    },
    [=](atom::tick, int i, int64_t deliver_us) {
      precise_wait_until(micros{deliver_us}, default_spin_margin);
      self->send(target, i);
    },
  };
}

/// Sets the timer slack of every thread of the actor system: an idle CAF
/// worker's 50 us polling sleeps overshoot by it (Linux default 50 us).
class timer_slack : public caf::thread_hook {
public:
  explicit timer_slack(unsigned long ns) : ns_(ns) {
  }
  void init(caf::actor_system&) override {
  }
  void thread_started() override {
    prctl(PR_SET_TIMERSLACK, ns_);
  }
  void thread_terminates() override {
  }

private:
  unsigned long ns_;
};

/// One busy thread per core while alive.
class load {
public:
  explicit load(bool on) {
    if (!on)
      return;
    for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency()); ++i)
      threads_.emplace_back([this] {
        volatile uint64_t x = 0;
        while (!stop_)
          x = x + 1;
      });
  }
  ~load() {
    stop_ = true;
    for (auto& t : threads_)
      t.join();
  }

private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

/// Round trips to an echo actor every 2 ms, on a thread of its own.
class probe {
public:
  probe(caf::actor_system& sys) : echo_(sys.spawn([]() -> caf::behavior {
                                    return {[](int x) { return x; }};
                                  })),
                                  thread_([this, &sys] { run(sys); }) {
  }
  ~probe() {
    stop_ = true;
    thread_.join();
    caf::anon_send_exit(echo_, caf::exit_reason::user_shutdown);
  }
  bench::summary summary() {
    std::lock_guard<std::mutex> guard{mutex_};
    return bench::summarize(rtt_);
  }

private:
  void run(caf::actor_system& sys) {
    caf::scoped_actor self{sys};
    while (!stop_) {
      const auto t0 = bench::clock_type::now();
      self->request(echo_, 1s, 1).receive([](int) {}, [](caf::error&) {});
      const double us = bench::micros_since(t0);
      {
        std::lock_guard<std::mutex> guard{mutex_};
        rtt_.push_back(us);
      }
      std::this_thread::sleep_for(2ms);
    }
  }
  caf::actor echo_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<double> rtt_;
  std::thread thread_;
};

struct run_result {
  bench::summary local;
  bench::summary peer;
  bench::summary rtt;
  size_t missing = 0;
  /// |received - grid|: early deliveries (a lookahead) count too.
  bench::summary abs_local;
  /// The process's CPU time over the run, in percent of one core.
  double cpu_percent = 0;
  /// The quantizer's own figures: send error and passed (dropped) positions.
  late_stats::summary sent;
  int64_t dropped = 0;
};

/// User + system time of this process so far, seconds.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// `count` exact-beat deliveries through `send(i, beat)`, which returns the
/// host time (µs) of the beat's grid position.
template <class Send>
run_result deliveries(caf::actor_system& sys, const link_clock& node, const link_clock* peer,
                      int count, bool loaded, std::shared_ptr<stamps> log, Send send) {
  load busy{loaded};
  probe rtt{sys};
  const double cpu0 = cpu_seconds();
  const auto wall0 = bench::clock_type::now();
  std::mt19937 rng{7};
  std::uniform_int_distribution<int64_t> ahead_us{10000, 30000};
  std::vector<double> beats(count);
  std::vector<int64_t> grid(count);
  for (int i = 0; i < count; ++i) {
    beats[i] = node.beat_at(node.now() + micros{ahead_us(rng)}, quantum);
    grid[i] = send(i, beats[i]);
    std::this_thread::sleep_for(10ms);
  }
  for (int i = 0; i < 200 && log->count < static_cast<size_t>(count); ++i)
    std::this_thread::sleep_for(10ms);
  run_result result;
  result.cpu_percent = (cpu_seconds() - cpu0) / (bench::micros_since(wall0) / 1e6) * 100.0;
  result.rtt = rtt.summary();
  std::vector<double> local, abs_local, against_peer;
  for (int i = 0; i < count; ++i) {
    const int64_t at = log->at[i];
    if (at < 0) {
      ++result.missing;
      continue;
    }
    local.push_back(static_cast<double>(at - grid[i]));
    abs_local.push_back(std::abs(local.back()));
    if (peer)
      against_peer.push_back(
        static_cast<double>(at - peer->time_at_beat(beats[i], quantum).count()));
  }
  result.local = bench::summarize(local);
  result.abs_local = bench::summarize(abs_local);
  result.peer = bench::summarize(against_peer);
  return result;
}

void print(const char* design, bool loaded, const run_result& r, bool with_peer) {
  std::printf("  %-6s %-4s received-grid p50 %5.0f p99 %6.0f max %6.0f us", design,
              loaded ? "load" : "idle", r.local.p50, r.local.p99, r.local.max);
  if (with_peer)
    std::printf(" | vs peer's grid p99 %6.0f max %6.0f", r.peer.p99, r.peer.max);
  std::printf(" | |received-grid| p99 %6.0f", r.abs_local.p99);
  std::printf(" | echo rtt p50 %4.0f p99 %5.0f max %5.0f us | not received %zu | cpu %.0f %%\n",
              r.rtt.p50, r.rtt.p99, r.rtt.max, r.missing, r.cpu_percent);
  if (r.sent.samples > 0)
    std::printf("  %-11s sent-grid p50 %5lld p99 %6lld max %6lld us | passed, dropped %lld\n",
                "", static_cast<long long>(r.sent.p50_us),
                static_cast<long long>(r.sent.p99_us), static_cast<long long>(r.sent.max_us),
                static_cast<long long>(r.dropped));
}

/// Tempo set at `peer` → every subscriber of `node`'s clock service has a
/// tick with that tempo (each subscriber stamps its receipt), `changes`
/// times. Also split: Link's part (until `node` reads the new tempo, polled
/// every 50 µs) and LUME's (from there to the last subscriber).
void bench_fan_out(caf::actor_system& sys, const link_clock& node, link_clock& peer,
                   caf::actor service, int subscribers, int changes) {
  struct seen_tick {
    std::atomic<double> tempo{0.0};
    std::atomic<int64_t> at_us{0};
  };
  std::vector<std::shared_ptr<seen_tick>> seen;
  std::vector<caf::actor> subs;
  for (int i = 0; i < subscribers; ++i) {
    auto mine = std::make_shared<seen_tick>();
    seen.push_back(mine);
    subs.push_back(sys.spawn([mine]() -> caf::behavior {
      return {[mine](const clock_tick& tick) {
        mine->at_us = host_now().count();
        mine->tempo = tick.tempo;
      }};
    }));
    caf::anon_send(service, atom::subscribe_v, subs.back());
  }
  // Link sends whole µs per beat: the tempo a peer reads is within 1e-3 BPM.
  auto is = [](double x, double bpm) { return std::abs(x - bpm) < 1e-3; };
  std::vector<double> total_ms, link_ms, lume_ms;
  int lost = 0;
  for (int k = 0; k < changes; ++k) {
    const double bpm = 100.0 + (k % 2 == 0 ? 20.0 : 0.0) + k * 0.01;
    const micros t0 = host_now();
    peer.set_tempo(bpm, t0);
    micros visible{0};
    bool all = false;
    while (!all && host_now() - t0 < 1s) {
      if (visible == micros{0} && is(node.tempo(), bpm))
        visible = host_now();
      all = true;
      for (auto& s : seen)
        all = all && is(s->tempo, bpm);
      if (!all)
        std::this_thread::sleep_for(50us);
    }
    if (!all || visible == micros{0}) {
      ++lost;
    } else {
      int64_t last = 0;
      for (auto& s : seen)
        last = std::max(last, s->at_us.load());
      total_ms.push_back(static_cast<double>(last - t0.count()) / 1000.0);
      link_ms.push_back(static_cast<double>((visible - t0).count()) / 1000.0);
      lume_ms.push_back(std::max(0.0, static_cast<double>(last - visible.count()) / 1000.0));
    }
    // Link broadcasts a peer's state at most every 50 ms: keep changes apart.
    std::this_thread::sleep_for(100ms);
  }
  auto total = bench::summarize(total_ms);
  auto link = bench::summarize(link_ms);
  auto lume = bench::summarize(lume_ms);
  std::printf("tempo change at the peer -> %d subscribed actors notified, %d changes, "
              "%d not within 1 s:\n"
              "  total p50 %.2f ms, p99 %.2f ms, max %.2f ms\n"
              "  Link, peer to node's session state: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n"
              "  LUME, node's state to the last subscriber: p50 %.3f ms, p99 %.3f ms, "
              "max %.3f ms\n",
              subscribers, changes, lost, total.p50, total.p99, total.max, link.p50, link.p99,
              link.max, lume.p50, lume.p99, lume.max);
  for (auto& sub : subs)
    caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
}

/// Phase of the two peers at the same host time, `samples` times.
void bench_phase(const link_clock& node, const link_clock& peer, int samples) {
  std::vector<double> diff_us;
  for (int i = 0; i < samples; ++i) {
    const micros t = host_now();
    const double a = node.phase_at(t, quantum);
    const double b = peer.phase_at(t, quantum);
    double d = a - b;
    if (d > quantum / 2)
      d -= quantum;
    if (d < -quantum / 2)
      d += quantum;
    diff_us.push_back(std::abs(d) * 60e6 / node.tempo());
    std::this_thread::sleep_for(5ms);
  }
  auto s = bench::summarize(diff_us);
  std::printf("phase agreement of two Link peers at equal host time, %d samples: "
              "p50 %.2f us, p99 %.2f us, max %.2f us\n",
              samples, s.p50, s.p99, s.max);
}

} // namespace

int main(int argc, char** argv) {
  int count = 1000;
  bool with_link = false;
  bool idle_only = false;
  bool detached = false;
  int64_t lookahead_us = 0;
  long slack_us = -1;
  system_config cfg;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--deliveries") == 0 && has_value)
      count = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--link") == 0)
      with_link = true;
    else if (std::strcmp(argv[i], "--idle-only") == 0)
      idle_only = true;
    else if (std::strcmp(argv[i], "--detached-target") == 0)
      detached = true;
    else if (std::strcmp(argv[i], "--lookahead-us") == 0 && has_value)
      lookahead_us = std::atoll(argv[++i]);
    else if (std::strcmp(argv[i], "--timer-slack-us") == 0 && has_value)
      slack_us = std::atol(argv[++i]);
    else if (std::strcmp(argv[i], "--no-moderate-polling") == 0)
      cfg.set("work-stealing.moderate-poll-attempts", size_t{0});
    else {
      std::fprintf(stderr, "usage: %s [--deliveries N] [--link] [--idle-only] "
                   "[--detached-target] [--lookahead-us N] [--timer-slack-us N] "
                   "[--no-moderate-polling]\n", argv[0]);
      return 2;
    }
  }
  if (slack_us >= 0)
    cfg.add_thread_hook<timer_slack>(std::max(1ul, static_cast<unsigned long>(slack_us) * 1000));
  caf::actor_system sys{cfg};
  auto node_clock = std::make_shared<link_clock>(120.0, quantum, with_link);
  std::unique_ptr<link_clock> peer;
  if (with_link) {
    peer = std::make_unique<link_clock>(120.0, quantum, true);
    for (int i = 0; i < 300 && (node_clock->peers() < 1 || peer->peers() < 1); ++i)
      std::this_thread::sleep_for(10ms);
    std::this_thread::sleep_for(500ms);
    std::printf("Link: node and peer see %zu/%zu peers\n", node_clock->peers(),
                peer->peers());
  }
  auto ctx = std::make_shared<node_context>();
  ctx->config.clock.quantum = quantum;
  ctx->names = std::make_shared<name_registry>(sys, 16);
  ctx->clock = node_clock;
  ctx->clock_service
    = caf::actor_cast<caf::actor>(sys.spawn(clock_service, ctx->clock, quantum));
  caf::scoped_actor self{sys};
  std::printf("quantized deliveries, %d per run, 10-30 ms ahead (%u cores)\n", count,
              std::thread::hardware_concurrency());
  bool realtime = false;
  std::vector<bool> runs{false};
  if (!idle_only)
    runs.push_back(true);
  auto spawn_target = [&](std::shared_ptr<stamps> log) {
    return detached ? sys.spawn<caf::detached>(stamping_target, log)
                    : sys.spawn(stamping_target, log);
  };
  for (bool loaded : runs) {
    auto log = std::make_shared<stamps>(count);
    auto target = spawn_target(log);
    auto q = sys.spawn(quantizer, std::shared_ptr<const node_context>{ctx}, quantizer_params{},
                       std::make_shared<checkpointer>());
    auto r = deliveries(sys, *node_clock, peer.get(), count, loaded, log,
                        [&](int i, double beat) {
                          quantize_request req;
                          req.target_actor = target;
                          req.rule = "exact";
                          req.beat = beat;
                          req.on_passed = "drop";
                          req.lookahead_us = lookahead_us;
                          req.payload = caf::make_message(i);
                          int64_t grid = 0;
                          self->request(q, 1s, req).receive(
                            [&](quantize_receipt& x) { grid = x.time_us; },
                            [](caf::error&) {});
                          return grid;
                        });
    self->request(q, 1s, atom::inspect_v)
      .receive(
        [&](std::string& x) {
          auto state = boost::json::parse(x).as_object();
          auto& late = state.at("late").as_object();
          realtime = state.at("realtime").as_bool();
          r.dropped = state.at("dropped").as_int64();
          r.sent.samples = static_cast<size_t>(late.at("samples").as_int64());
          r.sent.p50_us = late.at("p50_us").as_int64();
          r.sent.p99_us = late.at("p99_us").as_int64();
          r.sent.max_us = late.at("max_us").as_int64();
        },
        [](caf::error&) {});
    print("thread", loaded, r, peer != nullptr);
    self->send_exit(q, caf::exit_reason::user_shutdown);
    self->send_exit(target, caf::exit_reason::user_shutdown);
  }
  std::printf("  (precise thread SCHED_FIFO: %s)\n", realtime ? "yes" : "refused");
  for (bool loaded : runs) {
    auto log = std::make_shared<stamps>(count);
    auto target = spawn_target(log);
    auto spinner = sys.spawn(worker_spinner, target);
    auto r = deliveries(sys, *node_clock, peer.get(), count, loaded, log,
                        [&](int i, double beat) {
                          const int64_t deliver = node_clock->time_at_beat(beat, quantum).count();
                          self->send(spinner, i, deliver);
                          return deliver;
                        });
    print("worker", loaded, r, peer != nullptr);
    self->send_exit(spinner, caf::exit_reason::user_shutdown);
    self->send_exit(target, caf::exit_reason::user_shutdown);
  }
  if (peer) {
    bench_phase(*node_clock, *peer, 1000);
    bench_fan_out(sys, *node_clock, *peer, ctx->clock_service, 8, 100);
  }
  self->send_exit(ctx->clock_service, caf::exit_reason::user_shutdown);
  return 0;
}

// link-peer: an independent Ableton Link peer built on Link's public API only,
// used to check LUME nodes (and itself) against a reference implementation.
// Prints one line per interval:
//   t_us=<host micros> tempo=<bpm> beat=<beat> phase=<phase> peers=<n>
// With --tempo-on-usr1 BPM, each SIGUSR1 sets that tempo (scripts pick the
// moment); SIGTERM ends the run like --seconds. With --receive PORT it also
// stamps every UDP datagram arriving on 127.0.0.1:PORT with its own clock
// and session state, right after the datagram arrives:
//   recv t_us=<host micros> tempo=<bpm> beat=<beat> phase=<phase> data=<hex>
// It ENABLES Link: run it only inside its own network namespace.

#include <ableton/Link.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "udp_receiver.hpp"

namespace {

struct options {
  double tempo = 120.0;          ///< initial tempo, BPM
  double quantum = 4.0;          ///< quantum for beat and phase, beats
  double change_after_s = -1.0;  ///< when to set `change_tempo`, seconds; < 0: never
  double change_tempo = 120.0;   ///< tempo to set after `change_after_s`, BPM
  double signal_tempo = 0.0;     ///< tempo to set on SIGUSR1, BPM; 0: ignore the signal
  long print_interval_ms = 10;   ///< time between lines, milliseconds
  double seconds = 5.0;          ///< run time, seconds
  long receive_port = 0;         ///< stamps datagrams arriving here; 0: none
};

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr,
               "usage: %s [--tempo BPM] [--quantum Q] "
               "[--set-tempo-after SECONDS BPM] [--tempo-on-usr1 BPM] "
               "[--print-interval MS] [--seconds S] [--receive PORT]\n",
               program);
  std::exit(2);
}

double number(const char* text, const char* program) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0')
    usage(program);
  return value;
}

options parse(int argc, char** argv) {
  options opts;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&] {
      if (i + 1 >= argc)
        usage(argv[0]);
      return number(argv[++i], argv[0]);
    };
    if (arg == "--tempo") {
      opts.tempo = value();
    } else if (arg == "--quantum") {
      opts.quantum = value();
    } else if (arg == "--set-tempo-after") {
      opts.change_after_s = value();
      opts.change_tempo = value();
    } else if (arg == "--tempo-on-usr1") {
      opts.signal_tempo = value();
    } else if (arg == "--print-interval") {
      opts.print_interval_ms = static_cast<long>(value());
    } else if (arg == "--seconds") {
      opts.seconds = value();
    } else if (arg == "--receive") {
      opts.receive_port = static_cast<long>(value());
    } else {
      usage(argv[0]);
    }
  }
  if (opts.print_interval_ms <= 0 || opts.quantum <= 0.0 || opts.tempo <= 0.0
      || opts.receive_port < 0 || opts.receive_port > 65535)
    usage(argv[0]);
  return opts;
}

volatile std::sig_atomic_t usr1_pending = 0;
volatile std::sig_atomic_t stop_requested = 0;

void set_tempo(ableton::Link& link, double bpm, std::chrono::microseconds at) {
  auto state = link.captureAppSessionState();
  state.setTempo(bpm, at);
  link.commitAppSessionState(state);
}

/// Keeps the lines of the main loop and of the receive thread whole.
std::mutex output;

void print_line(const ableton::Link& link, double quantum) {
  const auto t = link.clock().micros();
  const auto state = link.captureAppSessionState();
  std::lock_guard<std::mutex> guard{output};
  std::printf("t_us=%lld tempo=%.6f beat=%.6f phase=%.6f peers=%zu\n",
              static_cast<long long>(t.count()), state.tempo(),
              state.beatAtTime(t, quantum), state.phaseAtTime(t, quantum),
              link.numPeers());
  std::fflush(stdout);
}

/// A datagram just arrived: where it landed on this peer's beat grid.
void print_arrival(const ableton::Link& link, double quantum, const unsigned char* data,
                   std::size_t size) {
  const auto t = link.clock().micros();
  const auto state = link.captureAppSessionState();
  std::lock_guard<std::mutex> guard{output};
  std::printf("recv t_us=%lld tempo=%.6f beat=%.6f phase=%.6f data=",
              static_cast<long long>(t.count()), state.tempo(), state.beatAtTime(t, quantum),
              state.phaseAtTime(t, quantum));
  for (std::size_t i = 0; i < size; ++i)
    std::printf("%02x", data[i]);
  std::printf("\n");
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  using std::chrono::microseconds;
  const options opts = parse(argc, argv);
  if (opts.signal_tempo > 0.0)
    std::signal(SIGUSR1, [](int) { usr1_pending = 1; });
  std::signal(SIGTERM, [](int) { stop_requested = 1; });
  ableton::Link link{opts.tempo};
  link.enableStartStopSync(true);
  link.enable(true);
  std::unique_ptr<udp_receiver> receiver;
  if (opts.receive_port > 0) {
    receiver = std::make_unique<udp_receiver>(
      static_cast<uint16_t>(opts.receive_port),
      [&link, &opts](const unsigned char* data, std::size_t size) {
        print_arrival(link, opts.quantum, data, size);
      });
    if (!receiver->error().empty()) {
      std::fprintf(stderr, "%s: %s\n", argv[0], receiver->error().c_str());
      return 1;
    }
  }

  const auto start = link.clock().micros();
  const auto to_micros = [](double s) {
    return microseconds{static_cast<long long>(s * 1e6)};
  };
  const auto end = start + to_micros(opts.seconds);
  const auto change_at = start + to_micros(opts.change_after_s);
  const microseconds interval{opts.print_interval_ms * 1000};
  bool changed = opts.change_after_s < 0.0;

  for (auto next = start; next <= end && !stop_requested; next += interval) {
    const auto wait = next - link.clock().micros();
    if (wait > microseconds{0})
      std::this_thread::sleep_for(wait);
    const auto now = link.clock().micros();
    if (!changed && now >= change_at) {
      set_tempo(link, opts.change_tempo, now);
      changed = true;
    }
    if (usr1_pending) {
      usr1_pending = 0;
      set_tempo(link, opts.signal_tempo, now);
    }
    print_line(link, opts.quantum);
  }
  receiver.reset();
  link.enable(false);
  return 0;
}

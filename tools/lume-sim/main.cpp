// lume-sim: synthetic LUME sensor streams in their real wire formats, and
// record / replay of any UDP stream. Usage: lume-sim --help.

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <arpa/inet.h>

#include "actors/sim/audio_source.hpp"
#include "actors/sim/depth_source.hpp"
#include "actors/sim/endpoint.hpp"
#include "actors/sim/mocopi_source.hpp"
#include "actors/sim/phone_source.hpp"
#include "actors/sim/stream_runner.hpp"
#include "actors/sim/udp_out.hpp"
#include "tools/lume-sim/recorder.hpp"
#include "tools/lume-sim/replayer.hpp"
#include "tools/lume-sim/stop_signal.hpp"

namespace {

using namespace lume::sim;
namespace net = lume::net;

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

constexpr const char* usage = R"(usage:
  lume-sim mocopi --to HOST:PORT [--fps N (50)] [--seconds S]
  lume-sim depth  --to HOST:PORT [--fps N (30)] [--seconds S]
  lume-sim audio  --to HOST:PORT [--rate HZ (48000)] [--channels N (8)] [--block N (512)] [--seconds S]
  lume-sim phone  --to HOST:PORT [--rate HZ (100)] [--seconds S]
  lume-sim record PORT FILE [--bind ADDR (127.0.0.1)] [--seconds S]
  lume-sim replay FILE --to HOST:PORT [--speed X (1.0)] [--loop] [--rebase] [--seconds S]
Streams run in real time until SIGINT/SIGTERM or --seconds; each command ends
with a one-line summary. A replay carries mocopi frame numbers and clocks
and LUM sequence numbers and origin times on across --loop passes; --rebase
also starts them afresh (from 0, clocks from now) on the first pass.
Exit status 2 on a usage error, 1 on a runtime error.
)";

/// A command-line mistake: reported in one line, exit status 2.
struct usage_error {
  std::string message;
};

/// The arguments after the command name.
struct arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values; ///< --name value
  std::set<std::string> flags;               ///< --name
};

/// What a command accepts.
struct command_spec {
  std::size_t positional = 0;
  std::set<std::string> value_options;
  std::set<std::string> flag_options;
};

std::variant<arguments, usage_error> parse_arguments(const std::string& command,
                                                     const command_spec& spec, int argc,
                                                     char** argv) {
  arguments args;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      args.positional.push_back(arg);
      continue;
    }
    const std::string name = arg.substr(2);
    if (spec.flag_options.count(name) != 0) {
      args.flags.insert(name);
    } else if (spec.value_options.count(name) != 0) {
      if (i + 1 >= argc)
        return usage_error{arg + " needs a value"};
      if (!args.values.emplace(name, argv[++i]).second)
        return usage_error{arg + " given twice"};
    } else {
      return usage_error{"unknown option " + arg + " for '" + command + "'"};
    }
  }
  if (args.positional.size() != spec.positional)
    return usage_error{"'" + command + "' takes " + std::to_string(spec.positional)
                       + " positional argument(s), got " + std::to_string(args.positional.size())};
  return args;
}

std::optional<std::string> value_of(const arguments& args, const std::string& name) {
  const auto it = args.values.find(name);
  return it == args.values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

unsigned unsigned_option(const arguments& args, const std::string& name, unsigned fallback,
                         unsigned min, unsigned max) {
  const auto text = value_of(args, name);
  if (!text)
    return fallback;
  char* end = nullptr;
  errno = 0;
  const unsigned long value = std::strtoul(text->c_str(), &end, 10);
  if (text->empty() || (*text)[0] == '-' || *end != '\0' || errno != 0 || value < min || value > max)
    throw usage_error{"bad --" + name + " '" + *text + "' (expected an integer " + std::to_string(min)
                      + ".." + std::to_string(max) + ")"};
  return static_cast<unsigned>(value);
}

std::optional<double> positive_option(const arguments& args, const std::string& name,
                                      double max) {
  const auto text = value_of(args, name);
  if (!text)
    return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !std::isfinite(value) || value <= 0 || value > max) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", max);
    throw usage_error{"bad --" + name + " '" + *text + "' (expected a number > 0, at most "
                      + limit + ")"};
  }
  return value;
}

std::optional<double> duration_option(const arguments& args) {
  return positive_option(args, "seconds", 1e7);
}

endpoint destination(const arguments& args) {
  const auto text = value_of(args, "to");
  if (!text)
    throw usage_error{"--to HOST:PORT is required"};
  auto parsed = parse_endpoint(*text);
  if (auto* error = std::get_if<std::string>(&parsed))
    throw usage_error{"--to: " + *error};
  return std::get<endpoint>(parsed);
}

udp_out open_out(const endpoint& to) {
  auto out = udp_out::open(to);
  if (auto* error = std::get_if<std::string>(&out))
    throw std::runtime_error(*error);
  return std::move(std::get<udp_out>(out));
}

int run_source(const std::string& name, stream_source& source, const endpoint& to,
               std::optional<double> seconds) {
  auto out = open_out(to);
  const auto run = run_stream(source, out, seconds, stop_requested());
  std::printf("lume-sim %s: %llu datagrams, %llu bytes in %.2f s to %s (%llu send failures, "
              "%llu ticks skipped)\n",
              name.c_str(), static_cast<unsigned long long>(out.datagrams()),
              static_cast<unsigned long long>(out.bytes()), run.seconds, to.text.c_str(),
              static_cast<unsigned long long>(out.send_failures()),
              static_cast<unsigned long long>(run.ticks_skipped));
  return exit_ok;
}

int mocopi_command(const arguments& args) {
  const auto to = destination(args);
  mocopi_source source{unsigned_option(args, "fps", 50, 1, 1000), ntohs(to.address.sin_port)};
  return run_source("mocopi", source, to, duration_option(args));
}

int depth_command(const arguments& args) {
  const auto to = destination(args);
  depth_source source{unsigned_option(args, "fps", 30, 1, 120)};
  return run_source("depth", source, to, duration_option(args));
}

int audio_command(const arguments& args) {
  const auto to = destination(args);
  audio_scene_config scene;
  scene.sample_rate_hz = unsigned_option(args, "rate", 48000, 8000, 96000);
  scene.channels = static_cast<std::uint16_t>(
    unsigned_option(args, "channels", 8, 1, audio_scene_config::max_channels));
  const auto block = static_cast<std::uint16_t>(
    unsigned_option(args, "block", 512, 16, audio_source::max_block));
  audio_source source{scene, block};
  return run_source("audio", source, to, duration_option(args));
}

int phone_command(const arguments& args) {
  const auto to = destination(args);
  phone_source source{unsigned_option(args, "rate", 100, 1, 1000)};
  return run_source("phone", source, to, duration_option(args));
}

int record_command(const arguments& args) {
  auto port = parse_port(args.positional[0], true);
  if (auto* error = std::get_if<std::string>(&port))
    throw usage_error{*error};
  const std::string bind = value_of(args, "bind").value_or("127.0.0.1");
  const auto seconds = duration_option(args);
  auto opened = recorder::open(bind, std::get<std::uint16_t>(port));
  if (auto* error = std::get_if<std::string>(&opened))
    throw std::runtime_error(*error);
  auto& rec = std::get<recorder>(opened);
  auto created = net::recording_writer::create(args.positional[1]);
  if (auto* error = std::get_if<std::string>(&created))
    throw std::runtime_error(*error);
  auto& file = std::get<net::recording_writer>(created);
  std::fprintf(stderr, "lume-sim record: listening on %s:%u\n", bind.c_str(), unsigned{rec.port()});
  auto result = rec.run(file, seconds, stop_requested());
  const auto closed = file.close();
  if (auto* error = std::get_if<std::string>(&result))
    throw std::runtime_error(*error);
  if (closed)
    throw std::runtime_error(*closed);
  const auto& run = std::get<record_run>(result);
  std::printf("lume-sim record: %llu datagrams, %llu bytes in %.2f s on %s:%u into %s "
              "(%llu dropped by the kernel)\n",
              static_cast<unsigned long long>(run.datagrams),
              static_cast<unsigned long long>(run.bytes), run.seconds, bind.c_str(),
              unsigned{rec.port()}, args.positional[1].c_str(),
              static_cast<unsigned long long>(run.kernel_drops));
  return exit_ok;
}

int replay_command(const arguments& args) {
  const auto to = destination(args);
  replay_options options;
  options.speed = positive_option(args, "speed", 1000).value_or(1.0);
  options.loop = args.flags.count("loop") != 0;
  options.rebase = args.flags.count("rebase") != 0;
  options.seconds = duration_option(args);
  auto opened = net::recording_reader::open(args.positional[0]);
  if (auto* error = std::get_if<std::string>(&opened))
    throw std::runtime_error(*error);
  auto out = open_out(to);
  auto result = replay(std::get<net::recording_reader>(opened), out, options, stop_requested());
  if (auto* error = std::get_if<std::string>(&result))
    throw std::runtime_error(*error);
  const auto& run = std::get<replay_run>(result);
  std::printf("lume-sim replay: %llu datagrams, %llu bytes in %.2f s to %s (%llu pass%s, "
              "%llu send failures; rewritten: %llu mocopi frames, %llu LUM datagrams, "
              "%llu clocks held back)\n",
              static_cast<unsigned long long>(out.datagrams()),
              static_cast<unsigned long long>(out.bytes()), run.seconds, to.text.c_str(),
              static_cast<unsigned long long>(run.passes), run.passes == 1 ? "" : "es",
              static_cast<unsigned long long>(out.send_failures()),
              static_cast<unsigned long long>(run.rewritten.mocopi_frames),
              static_cast<unsigned long long>(run.rewritten.lum_datagrams),
              static_cast<unsigned long long>(run.rewritten.clocks_held_back));
  return exit_ok;
}

struct command {
  command_spec spec;
  std::function<int(const arguments&)> run;
};

const std::map<std::string, command>& commands() {
  static const std::map<std::string, command> table = {
    {"mocopi", {{0, {"to", "fps", "seconds"}, {}}, mocopi_command}},
    {"depth", {{0, {"to", "fps", "seconds"}, {}}, depth_command}},
    {"audio", {{0, {"to", "rate", "channels", "block", "seconds"}, {}}, audio_command}},
    {"phone", {{0, {"to", "rate", "seconds"}, {}}, phone_command}},
    {"record", {{2, {"bind", "seconds"}, {}}, record_command}},
    {"replay", {{1, {"to", "speed", "seconds"}, {"loop", "rebase"}}, replay_command}},
  };
  return table;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(usage, stderr);
    return exit_usage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    std::fputs(usage, stdout);
    return exit_ok;
  }
  const auto found = commands().find(name);
  if (found == commands().end()) {
    std::fprintf(stderr, "lume-sim: unknown command '%s' (see lume-sim --help)\n", name.c_str());
    return exit_usage;
  }
  try {
    auto parsed = parse_arguments(name, found->second.spec, argc, argv);
    if (auto* error = std::get_if<usage_error>(&parsed))
      throw *error;
    install_stop_handlers();
    return found->second.run(std::get<arguments>(parsed));
  } catch (const usage_error& e) {
    std::fprintf(stderr, "lume-sim %s: %s\n", name.c_str(), e.message.c_str());
    return exit_usage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lume-sim %s: %s\n", name.c_str(), e.what());
    return exit_failure;
  }
}

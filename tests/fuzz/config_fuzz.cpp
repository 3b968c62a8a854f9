// Fuzz target for the config reader: the input is the text of a .caf file,
// read through load_config exactly as lume-node reads its --config (CAF's INI
// parser with line tracking, key checks, CAF's own parse of the same file,
// then LUME's validation). The file is a memfd, named by its /proc path.
// Asserted: a config comes out, or an error that says why.
//
// The catalog holds the kinds of config/solo.caf that carry options of every
// type the real kinds declare (strings, lists, integers, booleans, spans and
// free-form values), with those options: the real catalog (actors/) would
// bring every actor into this build.

#include <cstdio>
#include <string>
#include <variant>

#include <caf/atom.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/make_config_option.hpp>
#include <sys/mman.h>
#include <unistd.h>

#include "actors/sensing/config_any.hpp"
#include "system/node/load_config.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume;

actor_kind kind_named(const char* name) {
  actor_kind kind;
  kind.name = name;
  kind.summary = name;
  return kind;
}

kind_catalog make_kinds() {
  kind_catalog kinds;
  auto ticker = kind_named("ticker");
  caf::config_option_adder{ticker.options, "options"}
    .add<std::string>("target", "host:port")
    .add<caf::timespan>("interval", "time between datagrams");
  kinds.add(std::move(ticker));
  auto mapper = kind_named("mapper");
  caf::config_option_adder{mapper.options, "options"}
    .add<caf::config_value>("params", "params")
    .add<std::vector<std::string>>("targets", "host:port list")
    .add<std::vector<std::string>>("subscribers", "names")
    .add<int64_t>("rate", "Hz")
    .add<bool>("on-input", "flag")
    .add<int64_t>("max-rate", "Hz");
  kinds.add(std::move(mapper));
  auto mocopi = kind_named("mocopi");
  caf::config_option_adder{mocopi.options, "options"}
    .add<std::string>("address", "IPv4 address")
    .add<int64_t>("port", "UDP port")
    .add<std::vector<std::string>>("subscribers", "names")
    .add<caf::timespan>("retry", "first wait")
    .add<caf::timespan>("retry-max", "longest wait");
  kinds.add(std::move(mocopi));
  auto quantizer = kind_named("quantizer");
  caf::config_option_adder{quantizer.options, "options"}
    .add<caf::config_value>("lookahead", "per target")
    .add<std::string>("on-passed", "next or drop")
    .add<double>("phrase-bars", "bars");
  kinds.add(std::move(quantizer));
  return kinds;
}

/// An anonymous in-memory file holding the input, closed when done.
struct memory_file {
  int fd = memfd_create("lume-config-fuzz", 0);
  ~memory_file() { close(fd); }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd); }
};

/// CAF's option meta states are function-local statics of inline templates,
/// one per option type, which the process shares between libcaf (g++: its
/// function pointers constant-initialised, only the type name set at run
/// time) and this clang build (every field set at run time). Whichever
/// initialises the shared copy first wins: when libcaf does (loading the
/// middleman's options), the pointers stay null and config_option::check
/// calls through null. Initialising them here first, with every field,
/// makes the copy whole for both.
bool prime_option_meta_states() {
  using namespace caf::detail;
  option_meta_state_instance<bool>();
  option_meta_state_instance<int>();
  option_meta_state_instance<int64_t>();
  option_meta_state_instance<uint16_t>();
  option_meta_state_instance<size_t>();
  option_meta_state_instance<double>();
  option_meta_state_instance<std::string>();
  option_meta_state_instance<caf::atom_value>();
  option_meta_state_instance<caf::timespan>();
  option_meta_state_instance<std::vector<std::string>>();
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool primed = prime_option_meta_states();
  static const kind_catalog kinds = make_kinds();
  FUZZ_CHECK(primed);
  memory_file file;
  FUZZ_CHECK(file.fd >= 0);
  for (std::size_t written = 0; written < size;) {
    const auto n = write(file.fd, data + written, size - written);
    FUZZ_CHECK(n > 0);
    written += static_cast<std::size_t>(n);
  }
  system_config cfg;
  const auto result = load_config(cfg, file.path(), {}, kinds);
  if (const auto* error = std::get_if<config_error>(&result)) {
    FUZZ_CHECK(!error->message.empty());
    FUZZ_CHECK(!error->to_string().empty());
    return 0;
  }
  const auto& config = std::get<node_config>(result);
  FUZZ_CHECK(config.file == file.path());
  for (const auto& spec : config.actors)
    FUZZ_CHECK(!spec.name.empty() && !spec.kind.empty());
  return 0;
}

#include "watch_view.hpp"

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include <boost/json.hpp>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace lume::repl {

namespace {

using clock_type = std::chrono::steady_clock;

/// Puts the terminal in character mode without echo for its lifetime.
class raw_terminal {
public:
  raw_terminal() {
    active_ = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_) == 0;
    if (!active_)
      return;
    auto raw = saved_;
    raw.c_lflag &= ~(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  }
  ~raw_terminal() {
    if (active_)
      tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }

private:
  termios saved_{};
  bool active_ = false;
};

/// Waits up to `ms` for a key; true (and the key consumed) if one came.
bool key_pressed(int ms) {
  pollfd in{STDIN_FILENO, POLLIN, 0};
  if (poll(&in, 1, ms) <= 0)
    return false;
  char c;
  return read(STDIN_FILENO, &c, 1) >= 0;
}

std::string text_of(const boost::json::object& answer) {
  if (!answer.at("ok").as_bool())
    return "error: " + std::string{answer.at("error").as_string()} + '\n';
  return std::string{answer.at("text").as_string()};
}

std::string cell(const boost::json::value* x) {
  if (x == nullptr || x->is_null())
    return "-";
  if (x->is_string())
    return std::string{x->as_string()};
  if (x->is_double()) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << x->as_double();
    return out.str();
  }
  return boost::json::serialize(*x);
}

/// The worst p99 (µs) of each actor's hops, by actor name (`ACTOR.POINT...`).
std::map<std::string, double> hop_p99(const boost::json::object& latency) {
  std::map<std::string, double> result;
  if (!latency.at("ok").as_bool())
    return result;
  for (auto& row : latency.at("data").as_array()) {
    auto& x = row.as_object();
    std::string hop{x.at("hop").as_string()};
    auto actor = hop.substr(0, hop.find('.'));
    auto p99 = x.at("p99_us").to_number<double>();
    result[actor] = std::max(result[actor], p99);
  }
  return result;
}

/// The fields of an actor's inspect answer worth a line, if it answered.
std::string summary_of(inspection_client& client, const std::string& name,
                       std::initializer_list<const char*> fields) {
  auto answer = client.ask("inspect " + name);
  if (!answer.at("ok").as_bool())
    return "-";
  auto& data = answer.at("data");
  if (!data.is_object())
    return "-";
  std::string line;
  for (auto field : fields)
    if (auto x = data.as_object().if_contains(field))
      line += std::string{field} + ' ' + cell(x) + "  ";
  return line.empty() ? "-" : line;
}

class overview {
public:
  std::string render(inspection_client& client) {
    std::ostringstream out;
    auto now = clock_type::now();
    auto seconds = std::chrono::duration<double>(now - last_).count();
    out << "nodes\n";
    auto nodes = client.ask("nodes");
    if (nodes.at("ok").as_bool())
      for (auto& row : nodes.at("data").as_array()) {
        auto& x = row.as_object();
        out << "  " << std::left << std::setw(12) << cell(x.if_contains("name"))
            << std::setw(9) << cell(x.if_contains("state")) << "heartbeat "
            << cell(x.if_contains("heartbeat_age_ms")) << " ms\n";
      }
    auto hops = hop_p99(client.ask("latency --json"));
    out << "\n  " << std::left << std::setw(18) << "actor" << std::setw(10) << "node"
        << std::setw(11) << "status" << std::setw(9) << "restarts" << std::setw(8)
        << "mailbox" << std::setw(9) << "msg/s" << "hop p99 µs\n";
    auto actors = client.ask("actors");
    std::map<std::string, double> received;
    if (actors.at("ok").as_bool())
      for (auto& row : actors.at("data").as_array()) {
        auto& x = row.as_object();
        auto name = cell(x.if_contains("name"));
        auto count = x.at("received").to_number<double>();
        received[name] = count;
        std::string rate = "-";
        if (auto before = received_.find(name); before != received_.end() && seconds > 0) {
          std::ostringstream r;
          r << std::fixed << std::setprecision(0) << (count - before->second) / seconds;
          rate = r.str();
        }
        auto hop = hops.find(name);
        out << "  " << std::setw(18) << name << std::setw(10) << cell(x.if_contains("node"))
            << std::setw(11) << cell(x.if_contains("status")) << std::setw(9)
            << cell(x.if_contains("restarts")) << std::setw(8) << cell(x.if_contains("mailbox"))
            << std::setw(9) << rate << (hop == hops.end() ? "-" : std::to_string(
                                                                    static_cast<long>(hop->second)))
            << '\n';
      }
    received_ = std::move(received);
    last_ = now;
    out << "\nclock     " << text_of(client.ask("clock"));
    out << "director  "
        << summary_of(client, "director", {"camera", "scene", "section", "epoch"}) << '\n';
    out << "session   "
        << summary_of(client, "session", {"state", "song", "section", "bar", "recording"})
        << '\n';
    return out.str();
  }

private:
  std::map<std::string, double> received_;
  clock_type::time_point last_ = clock_type::now();
};

} // namespace

void watch(inspection_client& client, const std::string& command, int period_ms) {
  raw_terminal terminal;
  overview view;
  do {
    auto body = command.empty() ? view.render(client) : text_of(client.ask(command));
    // Home and clear, then the frame: one write, so the terminal never shows half.
    std::cout << "\033[H\033[2J" << "watch " << (command.empty() ? "(the mesh)" : command)
              << " at " << client.current().node << "  — any key ends\n\n"
              << body << std::flush;
  } while (!key_pressed(period_ms));
  std::cout << '\n';
}

} // namespace lume::repl

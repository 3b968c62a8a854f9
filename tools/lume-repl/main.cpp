// lume-repl HOST:PORT [-c COMMAND] [--json]
// An operator's REPL for the inspection protocol of a lume-node.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <editline/readline.h>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct options {
  std::string host;
  std::string port;
  std::string command;
  bool json = false;
};

int usage() {
  std::cerr << "usage: lume-repl HOST:PORT [-c COMMAND] [--json]\n";
  return 2;
}

/// Sends one command line, reads one answer line.
class session {
public:
  session(asio::io_context& io, const options& opts) : socket_(io) {
    tcp::resolver resolver{io};
    asio::connect(socket_, resolver.resolve(opts.host, opts.port));
    socket_.set_option(tcp::no_delay(true));
  }

  boost::json::object ask(const std::string& line) {
    asio::write(socket_, asio::buffer(line + "\n"));
    auto n = asio::read_until(socket_, asio::dynamic_buffer(buffer_), '\n');
    auto answer = buffer_.substr(0, n - 1);
    buffer_.erase(0, n);
    return boost::json::parse(answer).as_object();
  }

private:
  tcp::socket socket_;
  std::string buffer_;
};

/// Prints an answer; returns false for an error answer.
bool print(const boost::json::object& answer, bool json) {
  if (!answer.at("ok").as_bool()) {
    std::cerr << "error: " << answer.at("error").as_string().c_str() << '\n';
    return false;
  }
  if (json) {
    std::cout << boost::json::serialize(answer.at("data")) << '\n';
    return true;
  }
  std::string text{answer.at("text").as_string()};
  std::cout << text;
  if (!text.empty() && text.back() != '\n')
    std::cout << '\n';
  return true;
}

std::string history_file() {
  auto home = std::getenv("HOME");
  return std::string{home ? home : "."} + "/.lume_history";
}

int interactive(session& s, const options& opts) {
  auto history = history_file();
  using_history();
  read_history(history.c_str());
  auto prompt = "lume " + opts.host + ":" + opts.port + "> ";
  while (char* raw = readline(prompt.c_str())) {
    std::string line{raw};
    std::free(raw);
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    add_history(line.c_str());
    auto json = opts.json;
    if (auto pos = line.find(" --json"); pos != std::string::npos) {
      json = true;
      line.erase(pos, 7);
    }
    print(s.ask(line), json);
    if (line == "quit" || line == "exit")
      break;
  }
  write_history(history.c_str());
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  std::string address;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-c" && i + 1 < argc)
      opts.command = argv[++i];
    else if (arg == "--json")
      opts.json = true;
    else if (arg == "-h" || arg == "--help")
      return usage(), 0;
    else if (address.empty())
      address = arg;
    else
      return usage();
  }
  auto colon = address.rfind(':');
  if (colon == std::string::npos)
    return usage();
  opts.host = address.substr(0, colon);
  opts.port = address.substr(colon + 1);
  try {
    asio::io_context io;
    session s{io, opts};
    if (!opts.command.empty())
      return print(s.ask(opts.command), opts.json) ? 0 : 1;
    return interactive(s, opts);
  } catch (const std::exception& e) {
    std::cerr << "lume-repl: " << address << ": " << e.what() << '\n';
    return 1;
  }
}

// lume-repl HOST:PORT [-c COMMAND] [--json] [--token TOKEN | --token-file FILE]
// An operator's REPL for the inspection protocol of a lume-node: any node
// of the mesh shows and steers the whole mesh; when that node goes away the
// REPL moves to another one by itself.

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <boost/json.hpp>
#include <editline/readline.h>

#include "completion.hpp"
#include "inspection_client.hpp"
#include "watch_view.hpp"

namespace {

using namespace lume::repl;

struct options {
  endpoint address;
  std::string command;
  bool json = false;
  std::string token;
};

int usage() {
  std::cerr << "usage: lume-repl HOST:PORT [-c COMMAND] [--json] [--token TOKEN | --token-file FILE]\n"
               "  commands that change anything need the node's token: --token-file FILE,\n"
               "  the environment's LUME_TOKEN, or --token TOKEN (seen by other users in ps)\n";
  return 2;
}

/// The token in the first line of `file` (trailing spaces cut); throws if
/// it cannot be read or is empty.
std::string read_token_file(const std::string& file) {
  std::ifstream in{file};
  std::string line;
  if (!in || !std::getline(in, line))
    throw std::runtime_error("cannot read the token file '" + file + "'");
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
    line.pop_back();
  if (line.empty())
    throw std::runtime_error("the token file '" + file + "' is empty");
  return line;
}

/// Prints an answer; returns false for an error answer.
bool print(const boost::json::object& answer, bool json, bool has_token = false) {
  if (!answer.at("ok").as_bool()) {
    std::cerr << "error: " << answer.at("error").as_string().c_str() << '\n';
    auto code = answer.if_contains("code");
    if (code && code->is_string() && code->as_string() == "unauthorized" && !has_token)
      std::cerr << "  this REPL has no token: start it with --token-file FILE (or LUME_TOKEN) "
                   "to change the show\n";
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

/// Takes a trailing " --json" off `line`.
bool take_json_flag(std::string& line) {
  auto pos = line.find(" --json");
  if (pos == std::string::npos || (pos + 7 != line.size() && line[pos + 7] != ' '))
    return false;
  line.erase(pos, 7);
  return true;
}

/// Runs one line of the REPL; false when the user leaves.
bool run_line(inspection_client& client, std::string line, bool json) {
  json = take_json_flag(line) || json;
  if (line == "watch" || line.rfind("watch ", 0) == 0) {
    watch(client, line.size() > 6 ? line.substr(6) : std::string{});
    return true;
  }
  print(client.ask(line), json, client.has_token());
  if (line.rfind("nodes", 0) == 0)
    client.refresh_mesh();
  return line != "quit" && line != "exit";
}

int interactive(inspection_client& client, const options& opts) {
  auto history = history_file();
  using_history();
  read_history(history.c_str());
  completion_source completions{client};
  install_completion(completions);
  while (true) {
    auto prompt = "lume " + client.current().node + "> ";
    char* raw = readline(prompt.c_str());
    if (raw == nullptr)
      break;
    std::string line{raw};
    std::free(raw);
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    add_history(line.c_str());
    write_history(history.c_str()); // kept even if the terminal dies
    if (!run_line(client, line, opts.json))
      break;
  }
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  std::string address;
  std::string token_file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-c" && i + 1 < argc)
      opts.command = argv[++i];
    else if (arg == "--json")
      opts.json = true;
    else if (arg == "--token" && i + 1 < argc)
      opts.token = argv[++i];
    else if (arg == "--token-file" && i + 1 < argc)
      token_file = argv[++i];
    else if (arg == "-h" || arg == "--help")
      return usage(), 0;
    else if (address.empty())
      address = arg;
    else
      return usage();
  }
  if (!parse_endpoint(address, opts.address))
    return usage();
  try {
    if (opts.token.empty() && !token_file.empty())
      opts.token = read_token_file(token_file);
    if (auto env = std::getenv("LUME_TOKEN"); opts.token.empty() && env != nullptr)
      opts.token = env;
    inspection_client client{opts.address, opts.token};
    if (!opts.command.empty()) {
      auto line = opts.command;
      auto json = take_json_flag(line) || opts.json;
      return print(client.ask(line), json, client.has_token()) ? 0 : 1;
    }
    // Interactive only: learn where the other nodes answer, to move there.
    client.refresh_mesh();
    return interactive(client, opts);
  } catch (const std::exception& e) {
    std::cerr << "lume-repl: " << address << ": " << e.what() << '\n';
    return 1;
  }
}

#include "inspection_client.hpp"

#include <iostream>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

namespace lume::repl {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool parse_endpoint(const std::string& text, endpoint& out) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return false;
  out.host = text.substr(0, colon);
  out.port = text.substr(colon + 1);
  return true;
}

inspection_client::inspection_client(endpoint first, std::string token)
  : socket_(io_), token_(std::move(token)) {
  connect(first);
  if (auto refused = authenticate(); !refused.empty())
    throw std::runtime_error("the node refused the token: " + refused);
}

std::string inspection_client::authenticate() {
  if (token_.empty())
    return {};
  auto answer = exchange("auth " + token_);
  if (answer.at("ok").as_bool())
    return {};
  return std::string{answer.at("error").as_string()};
}

void inspection_client::connect(const endpoint& to) {
  boost::system::error_code ignored;
  socket_.close(ignored);
  buffer_.clear();
  tcp::resolver resolver{io_};
  asio::connect(socket_, resolver.resolve(to.host, to.port));
  socket_.set_option(tcp::no_delay(true));
  current_ = to;
}

boost::json::object inspection_client::exchange(const std::string& line) {
  asio::write(socket_, asio::buffer(line + "\n"));
  auto n = asio::read_until(socket_, asio::dynamic_buffer(buffer_), '\n');
  auto answer = buffer_.substr(0, n - 1);
  buffer_.erase(0, n);
  return boost::json::parse(answer).as_object();
}

boost::json::object inspection_client::ask(const std::string& line) {
  try {
    return exchange(line);
  } catch (const boost::system::system_error&) {
    auto lost = current_;
    if (!fail_over())
      throw;
    std::cerr << "lume-repl: " << (lost.node.empty() ? lost.text() : lost.node)
              << " went away; reconnected to " << current_.node << " at " << current_.text()
              << '\n';
    return exchange(line);
  }
}

void inspection_client::refresh_mesh() {
  auto answer = exchange("nodes");
  if (!answer.at("ok").as_bool())
    return;
  std::vector<endpoint> found;
  for (auto& row : answer.at("data").as_array()) {
    auto& x = row.as_object();
    auto inspect = x.if_contains("inspect");
    endpoint e;
    if (inspect == nullptr || !inspect->is_string()
        || !parse_endpoint(std::string{inspect->as_string()}, e))
      continue;
    e.node = x.at("name").as_string().c_str();
    if (x.at("self").as_bool()) {
      // Keep the address this client used: the node may name itself by another.
      current_.node = e.node;
      found.push_back(current_);
    } else {
      found.push_back(e);
    }
  }
  mesh_ = std::move(found);
}

bool inspection_client::fail_over() {
  auto lost = current_;
  auto known = mesh_; // refresh_mesh replaces mesh_
  for (auto& candidate : known) {
    if (candidate.host == lost.host && candidate.port == lost.port)
      continue;
    try {
      connect(candidate);
      if (auto refused = authenticate(); !refused.empty())
        std::cerr << "lume-repl: " << candidate.node << " refused the token (read-only): "
                  << refused << '\n';
      refresh_mesh();
      return true;
    } catch (const std::exception&) {
      // Down too: try the next one.
    }
  }
  return false;
}

} // namespace lume::repl

#include <chrono>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "system/errors.hpp"
#include "system/inspect/command_line.hpp"
#include "system/inspect/commands.hpp"
#include "system/inspect/fan_out.hpp"
#include "system/inspect/response.hpp"
#include "system/messages/json_messages.hpp"

namespace lume::commands {

namespace {

constexpr auto default_trace_window = std::chrono::seconds{10};

/// How long `send` waits for the actor's answer.
constexpr auto send_reply_timeout = std::chrono::seconds{2};

/// Bounds of `trace NAME N [SECONDS]`: N fits the tracer's counter, SECONDS a day.
constexpr uint64_t max_trace_count = UINT32_MAX;
constexpr uint64_t max_trace_seconds = 24 * 3600;

} // namespace

caf::result<std::string> kill(inspector_self self, const args& xs) {
  std::string error;
  auto entry = find_name(self, xs, error);
  if (entry == nullptr)
    return error_response(error);
  if (auto node = entry->proxy->remote_node(); !node.empty())
    return forward_to(self, node, "kill " + entry->name);
  auto current = entry->proxy->current();
  if (!current)
    return error_response(entry->name + " is " + to_string(entry->proxy->status()));
  entry->proxy->suspend();
  self->send_exit(current, make_error(ec::killed_by_operator, entry->name));
  return ok_response("killed " + entry->name,
                     boost::json::object{{"name", entry->name},
                                         {"restarts", entry->proxy->restarts()}});
}

caf::result<std::string> send(inspector_self self, const args& xs) {
  std::string error;
  auto entry = find_name(self, xs, error);
  if (entry == nullptr)
    return error_response(error);
  if (xs.size() < 2)
    return error_response("expected a JSON message after the name");
  boost::system::error_code err;
  auto json = boost::json::parse(xs[1], err);
  if (err)
    return error_response("not JSON: " + err.message());
  auto msg = message_from_json(json);
  if (auto text = std::get_if<std::string>(&msg))
    return error_response(*text);
  // A request, so the actor's answer (if its handler has one) comes back.
  auto promise = self->make_response_promise<std::string>();
  auto name = entry->name;
  auto sent = "sent to " + name;
  auto answered = [promise, sent](boost::json::value reply) mutable {
    promise.deliver(ok_response(sent + ", answer: " + boost::json::serialize(reply),
                                boost::json::object{{"answer", reply}}));
  };
  auto handle = self->request(entry->handle, send_reply_timeout,
                              std::get<caf::message>(std::move(msg)));
  self->add_multiplexed_response_handler(
    handle.id(),
    caf::behavior{
      [promise, sent]() mutable { promise.deliver(ok_response(sent)); },
      [answered](const quantize_receipt& x) mutable { answered(boost::json::value_from(x)); },
      [answered](const std::string& x) mutable { answered(parse_state(x)); },
      [answered](bool x) mutable { answered(x); },
      [promise, sent](caf::error& err) mutable {
        // Delivered either way: the actor's own refusal is news, not a failed send.
        if (err == caf::sec::request_timeout)
          promise.deliver(ok_response(sent + " (no answer within 2 s)"));
        else if (err == caf::sec::unexpected_message)
          promise.deliver(ok_response(sent + ", which does not handle it (unexpected_message)",
                                      boost::json::object{{"unexpected", true}}));
        else if (err == caf::sec::request_receiver_down)
          promise.deliver(error_response(sent + ", which is down"));
        else // the actor's own refusal (the quantizer's of a bad rule, say)
          promise.deliver(ok_response(sent + ", which refused it: " + caf::to_string(err),
                                      boost::json::object{{"refused", caf::to_string(err)}}));
      },
    });
  return promise;
}

caf::result<std::string> trace(inspector_self self, const args& xs) {
  std::string error;
  auto entry = find_name(self, xs, error);
  if (entry == nullptr)
    return error_response(error);
  auto parsed_count = xs.size() >= 2 ? parse_count(xs[1], max_trace_count) : std::nullopt;
  if (!parsed_count)
    return error_response("usage: trace NAME N [SECONDS] with N in [1, 4294967295]");
  auto count = *parsed_count;
  caf::timespan window = default_trace_window;
  if (xs.size() >= 3) {
    auto seconds = parse_count(xs[2], max_trace_seconds);
    if (!seconds)
      return error_response("SECONDS must be an integer in [1, 86400]");
    window = std::chrono::seconds{*seconds};
  }
  auto promise = self->make_response_promise<std::string>();
  auto proxy = entry->proxy;
  auto collector = self->spawn([=](caf::event_based_actor* collector) mutable {
    auto lines = std::make_shared<boost::json::array>();
    auto finish = [=]() mutable {
      proxy->trace(caf::actor{}, 0);
      std::string text;
      for (auto& line : *lines)
        text += std::string{line.as_string()} + '\n';
      promise.deliver(ok_response(text, *lines));
      collector->quit();
    };
    collector->delayed_send(collector, window, atom::tick_v);
    return caf::behavior{
      [=](const std::string& line) mutable {
        lines->push_back(boost::json::string{line});
        if (lines->size() >= count)
          finish();
      },
      [=](atom::tick) mutable { finish(); },
    };
  });
  proxy->trace(collector, static_cast<uint32_t>(count));
  return promise;
}

} // namespace lume::commands

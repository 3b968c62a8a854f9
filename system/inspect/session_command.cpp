#include <cstdio>

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>

#include "system/inspect/commands.hpp"
#include "system/inspect/response.hpp"
#include "system/messages/show.hpp"
#include "system/node/node_context.hpp"

namespace lume::commands {

namespace {

/// The actor that plays the setlist: names are mesh-wide.
constexpr const char* session_name = "session";

/// A command waits this long: it is answered once the session's checkpoint
/// is replicated, and waits in the name's queue while the session moves.
constexpr auto session_timeout = std::chrono::seconds{5};

std::string text_of(const boost::json::object& x, const char* key) {
  auto i = x.find(key);
  if (i == x.end())
    return "-";
  if (i->value().is_string())
    return std::string{i->value().as_string()};
  if (i->value().is_double()) {
    char number[32];
    std::snprintf(number, sizeof(number), "%g", i->value().as_double());
    return number;
  }
  return boost::json::serialize(i->value());
}

/// "playing  song 2/3 'dusk'  section build  bar 17  118 BPM  recording off",
/// and the decided change on a second line.
std::string render_session(const boost::json::object& s) {
  std::string text = text_of(s, "state") + "  song ";
  if (auto i = s.find("song_index"); i != s.end() && i->value().is_int64())
    text += std::to_string(i->value().as_int64() + 1) + "/" + text_of(s, "songs") + " ";
  text += "'" + text_of(s, "song") + "'  section " + text_of(s, "section") + "  bar "
          + text_of(s, "bar") + "  " + text_of(s, "tempo") + " BPM  recording ";
  auto rec = s.find("recording");
  bool on = rec != s.end() && rec->value().is_object()
            && rec->value().as_object().at("on").as_bool();
  text += on ? "on" : "off";
  if (auto next = s.find("next"); next != s.end() && next->value().is_object()) {
    auto& n = next->value().as_object();
    char beat[32];
    std::snprintf(beat, sizeof(beat), "%.2f", n.at("at_beat").to_number<double>());
    text += "\n  next (" + text_of(n, "cause") + "): " + text_of(n, "state") + " '"
            + text_of(n, "song") + "' section " + text_of(n, "section") + " at beat " + beat;
  }
  if (auto r = s.find("replicas"); r != s.end())
    text += "\n  checkpoint held by " + text_of(s, "replicas") + " peer(s)";
  return text + "\n";
}

} // namespace

caf::result<std::string> session(inspector_self self, const args& xs) {
  auto entry = self->state.ctx->names->find(session_name);
  if (entry == nullptr)
    return error_response("no actor named 'session'");
  caf::message msg;
  if (xs.empty()) {
    msg = caf::make_message(atom::inspect_v);
  } else {
    session_command cmd;
    cmd.command = xs[0];
    for (size_t i = 1; i < xs.size(); ++i)
      cmd.argument += (i > 1 ? " " : "") + xs[i];
    cmd.origin_us = 0;
    msg = caf::make_message(std::move(cmd));
  }
  auto promise = self->make_response_promise<std::string>();
  self->request(entry->handle, session_timeout, std::move(msg))
    .then(
      [promise](const std::string& state) mutable {
        boost::system::error_code err;
        auto parsed = boost::json::parse(state, err);
        if (err || !parsed.is_object()) {
          promise.deliver(error_response("the session answered no JSON object"));
          return;
        }
        auto& answer = parsed.as_object();
        if (auto ok = answer.if_contains("ok"); ok && ok->is_bool() && !ok->get_bool())
          promise.deliver(error_response("session: " + text_of(answer, "error")));
        else
          promise.deliver(ok_response(render_session(answer), parsed));
      },
      [self, promise](caf::error& err) mutable {
        std::string why = err.category() == caf::atom("lume") && !err.context().empty()
                              && err.context().match_elements<std::string>()
                            ? err.context().get_as<std::string>(0)
                            : self->system().render(err);
        promise.deliver(error_response("session: " + why));
      });
  return promise;
}

} // namespace lume::commands

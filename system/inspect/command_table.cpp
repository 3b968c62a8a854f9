#include "system/inspect/command_table.hpp"

namespace lume {

const std::vector<command_entry>& command_table() {
  static const std::vector<command_entry> table{
    {"help", commands::help, command_access::read, "help [COMMAND]", "this list, or one command in detail",
     "Without an argument lists every command; `help COMMAND` shows its form and what it "
     "does. `--json` gives the list as data (name, usage, summary)."},
    {"nodes", commands::nodes, command_access::read, "nodes [--self]",
     "every node of the mesh: name address state heartbeat-age actors",
     "States are up, suspect and down. `inspect` is where the node's inspection service "
     "listens (each peer that is up names its own: `nodes --self`): the REPL reconnects "
     "there when its node goes away."},
    {"actors", commands::actors, command_access::read, "actors [--local]",
     "every actor of the mesh: name kind node supervisor status restarts mailbox received",
     "Each node lists the actors it serves; `--local` lists only this node's."},
    {"inspect", commands::inspect, command_access::read, "inspect [NAME]",
     "the actor's state as JSON; without NAME this node's inspection port",
     "Asks the actor itself, wherever it runs in the mesh. Without a name: this node's "
     "inspection port: listeners, how writes are guarded, connections, limits, refused "
     "commands and cut-off clients by reason."},
    {"tree", commands::tree, command_access::read, "tree", "the supervision tree",
     "Every supervisor with its strategy and its children's status and restarts."},
    {"stats", commands::stats, command_access::read, "stats [--local]",
     "refused inputs by reason and dropped messages of every node",
     "Collects every `refused` counter (an object of reason → count, or a count with "
     "`last_refused`) and every `dropped` count from the actors' inspect answers, and "
     "the drops of each name's bounded restart queue. Only non-zero counts are listed."},
    {"move", commands::move, command_access::write, "move NAME NODE",
     "move a movable actor (with its state) to NODE",
     "The preference holds while NODE is up; see docs/architecture.md (Placement)."},
    {"kill", commands::kill, command_access::write, "kill NAME",
     "crash the actor; its supervisor restarts it per strategy",
     "Exit reason lume::killed_by_operator; messages sent to NAME meanwhile wait in its "
     "name's queue."},
    {"restart", commands::restart, command_access::write, "restart NAME",
     "stop the actor and start it again (terminate_child, restart_child)",
     "An orderly stop within the child's shutdown time, then a fresh start: unlike kill "
     "it counts as no crash against the supervisor's intensity."},
    {"stop", commands::stop, command_access::write, "stop NAME",
     "stop the actor and leave it stopped (OTP terminate_child)",
     "Its supervisor does not restart it until `start NAME`. Movable actors are moved, not "
     "stopped: the mesh would start them elsewhere."},
    {"start", commands::start, command_access::write, "start NAME", "start a stopped actor (OTP restart_child)",
     "Answers an error when the actor is not stopped."},
    {"send", commands::send, command_access::write, "send NAME JSON",
     "send a message, e.g. send mapper {\"type\":\"music_params\",\"values\":{\"energy\":0.5}}",
     "The message is of the JSON vocabulary (docs/inspection.md). When the actor answers "
     "within 2 s, the answer is shown (a quantize_request's receipt, for example)."},
    {"trace", commands::trace, command_access::read, "trace NAME N [SECS]",
     "print the next N messages sent to NAME (waits at most SECS, default 10)", ""},
    {"clock", commands::clock, command_access::read, "clock",
     "the beat clock: tempo, beat, bar, phase, quantum, Link peers, transport", ""},
    {"tempo", commands::tempo, command_access::write, "tempo BPM",
     "set the tempo of the whole Link session (20 to 999)",
     "Every node's subscribed actors get a clock_tick."},
    {"session", commands::session, command_access::read_bare, "session [COMMAND [ARG]]",
     "the setlist's session; start|stop|pause|next|prev|goto SONG|section NAME|record on|off",
     "Reaches the actor named `session` wherever it runs. A command is answered once it is "
     "accepted and checkpointed on every peer that may host the session (`replicas`); "
     "song and section changes land on the next bar or phrase."},
    {"latency", commands::latency, command_access::read_bare, "latency [--json|reset]",
     "latency per hop (count, p50, p99, max in µs); 'latency reset' clears", ""},
    {"calibrate", commands::calibrate, command_access::write, "calibrate [SECS] [NAME]",
     "record the performer SECS and set the mapper's input ranges from it",
     "The mapper NAME (default mapper, wherever it runs) keeps every feature value for SECS "
     "(0 or none: its calibration-time, at most 50), then sets each param with a min-span "
     "to the p5-p95 of what it saw (a neutral one centred on the median), saves it to its "
     "calibration file and answers the calibration (docs/inspection.md, Calibration)."},
  };
  return table;
}

const command_entry* find_command(const std::string& name) {
  for (auto& entry : command_table())
    if (name == entry.name)
      return &entry;
  return nullptr;
}

bool needs_token(const command_line& line) {
  auto entry = find_command(line.word);
  return entry != nullptr && writes(entry->access, line.args);
}

} // namespace lume

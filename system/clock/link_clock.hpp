#pragma once

#include "system/clock/beat_clock.hpp"

#include <functional>
#include <memory>

namespace lume {

/// `beat_clock` on an Ableton Link session, with start/stop sync on.
/// Every method is safe to call from any number of actor threads: reads take
/// a snapshot through Link's app-thread session-state API (thread-safe, may
/// briefly lock, not realtime-safe), writes commit through the same API.
/// Link clamps tempi to [20, 999] BPM.
class link_clock final : public beat_clock {
public:
  /// Listener for the session tempo in BPM.
  using tempo_listener = std::function<void(double bpm)>;
  /// Listener for the number of other peers in the session.
  using peers_listener = std::function<void(std::size_t peers)>;
  /// Listener for the session transport state.
  using playing_listener = std::function<void(bool playing)>;

  /// Starts a timeline at `bpm` whose beat 0 is now. `quantum` is the node's
  /// bar length in beats, for callers without one of their own. With
  /// `enabled` false, Link keeps the timeline locally and sends nothing.
  link_clock(double bpm, double quantum, bool enabled);

  /// Stops Link's threads; no listener runs after this returns.
  ~link_clock() override;

  link_clock(const link_clock&) = delete;
  link_clock& operator=(const link_clock&) = delete;

  micros now() const override;
  double tempo() const override;
  double beat_at(micros t, double quantum) const override;
  double phase_at(micros t, double quantum) const override;
  micros time_at_beat(double beat, double quantum) const override;
  void set_tempo(double bpm, micros at) override;
  std::size_t peers() const override;
  bool playing() const override;

  /// Starts or stops the transport at host time `at` for the whole session
  /// (no beat re-mapping).
  void set_playing(bool playing, micros at);

  /// Joins (true) or leaves (false) the network session.
  void enable(bool on);

  /// Whether Link is on the network.
  bool enabled() const;

  /// Bar length in beats given at construction.
  double quantum() const;

  /// Listeners run on Link's network thread whenever the value changes
  /// (including changes committed locally). They must not block and must not
  /// register listeners (Link holds its callback lock while calling them):
  /// forward by message. Each call replaces the previous listener of its kind;
  /// an empty function removes it.
  void on_tempo(tempo_listener listener);
  void on_peers(peers_listener listener);
  void on_playing(playing_listener listener);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace lume

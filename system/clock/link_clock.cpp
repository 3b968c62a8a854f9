#include "system/clock/link_clock.hpp"

#include <ableton/Link.hpp>

#include <utility>

namespace lume {

struct link_clock::impl {
  impl(double bpm, double bar) : link(bpm), quantum(bar) {
  }

  ableton::Link link;
  const double quantum;
};

link_clock::link_clock(double bpm, double quantum, bool enabled)
  : impl_(std::make_unique<impl>(bpm, quantum)) {
  impl_->link.enableStartStopSync(true);
  impl_->link.enable(enabled);
}

link_clock::~link_clock() = default;

micros link_clock::now() const {
  return impl_->link.clock().micros();
}

double link_clock::tempo() const {
  return impl_->link.captureAppSessionState().tempo();
}

double link_clock::beat_at(micros t, double quantum) const {
  return impl_->link.captureAppSessionState().beatAtTime(t, quantum);
}

double link_clock::phase_at(micros t, double quantum) const {
  return impl_->link.captureAppSessionState().phaseAtTime(t, quantum);
}

micros link_clock::time_at_beat(double beat, double quantum) const {
  return impl_->link.captureAppSessionState().timeAtBeat(beat, quantum);
}

void link_clock::set_tempo(double bpm, micros at) {
  auto state = impl_->link.captureAppSessionState();
  state.setTempo(bpm, at);
  impl_->link.commitAppSessionState(state);
}

std::size_t link_clock::peers() const {
  return impl_->link.numPeers();
}

bool link_clock::playing() const {
  return impl_->link.captureAppSessionState().isPlaying();
}

void link_clock::set_playing(bool playing, micros at) {
  auto state = impl_->link.captureAppSessionState();
  state.setIsPlaying(playing, at);
  impl_->link.commitAppSessionState(state);
}

void link_clock::enable(bool on) {
  impl_->link.enable(on);
}

bool link_clock::enabled() const {
  return impl_->link.isEnabled();
}

double link_clock::quantum() const {
  return impl_->quantum;
}

void link_clock::on_tempo(tempo_listener listener) {
  if (!listener)
    listener = [](double) {};
  impl_->link.setTempoCallback(std::move(listener));
}

void link_clock::on_peers(peers_listener listener) {
  if (!listener)
    listener = [](std::size_t) {};
  impl_->link.setNumPeersCallback(std::move(listener));
}

void link_clock::on_playing(playing_listener listener) {
  if (!listener)
    listener = [](bool) {};
  impl_->link.setStartStopCallback(std::move(listener));
}

} // namespace lume

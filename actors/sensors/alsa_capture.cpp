#include "actors/sensors/alsa_capture.hpp"

#include <alsa/asoundlib.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include <boost/json.hpp>

#include "actors/sensing/hop_set.hpp"

namespace lume {

namespace {

constexpr snd_pcm_format_t formats[] = {SND_PCM_FORMAT_FLOAT_LE, SND_PCM_FORMAT_S32_LE,
                                        SND_PCM_FORMAT_S16_LE};

/// alsa-lib prints its own diagnostics to stderr; LUME reports the error codes.
void quiet_alsa(const char*, int, const char*, int, const char*, ...) {}

std::string alsa_error(const std::string& what, int rc) {
  return what + ": " + snd_strerror(rc);
}

/// Sets interleaved access, the first format the device takes, the exact
/// rate and channel count, a period and a four-period buffer.
std::variant<snd_pcm_format_t, std::string> configure(snd_pcm_t* pcm,
                                                      const alsa_capture_config& cfg) {
  snd_pcm_hw_params_t* hw = nullptr;
  snd_pcm_hw_params_alloca(&hw);
  if (int rc = snd_pcm_hw_params_any(pcm, hw); rc < 0)
    return alsa_error("no hardware configuration", rc);
  if (int rc = snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED); rc < 0)
    return alsa_error("no interleaved access", rc);
  snd_pcm_format_t chosen = SND_PCM_FORMAT_UNKNOWN;
  for (auto f : formats)
    if (snd_pcm_hw_params_test_format(pcm, hw, f) == 0) {
      chosen = f;
      break;
    }
  if (chosen == SND_PCM_FORMAT_UNKNOWN)
    return std::string{"the device offers none of FLOAT_LE, S32_LE, S16_LE"};
  snd_pcm_hw_params_set_format(pcm, hw, chosen);
  if (int rc = snd_pcm_hw_params_set_channels(pcm, hw, cfg.channels); rc < 0)
    return alsa_error(std::to_string(cfg.channels) + " channels refused", rc);
  if (int rc = snd_pcm_hw_params_set_rate(pcm, hw, cfg.rate, 0); rc < 0)
    return alsa_error(std::to_string(cfg.rate) + " Hz refused", rc);
  snd_pcm_uframes_t period = cfg.period;
  snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, nullptr);
  snd_pcm_uframes_t buffer = period * 4;
  snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer);
  if (int rc = snd_pcm_hw_params(pcm, hw); rc < 0)
    return alsa_error("configuration refused", rc);
  snd_pcm_sw_params_t* sw = nullptr;
  snd_pcm_sw_params_alloca(&sw);
  snd_pcm_sw_params_current(pcm, sw);
  snd_pcm_sw_params_set_avail_min(pcm, sw, cfg.period);
  if (int rc = snd_pcm_sw_params(pcm, sw); rc < 0)
    return alsa_error("software parameters refused", rc);
  return chosen;
}

} // namespace

alsa_capture::alsa_capture(const alsa_capture_config& cfg, std::shared_ptr<audio_input> input,
                           source_lost_fn lost)
  : cfg_(cfg), input_(std::move(input)), lost_(std::move(lost)) {}

std::variant<std::unique_ptr<alsa_capture>, std::string>
alsa_capture::open(const alsa_capture_config& cfg, std::shared_ptr<audio_input> input,
                   source_lost_fn lost) {
  if (cfg.channels == 0 || cfg.rate == 0 || cfg.period == 0 || cfg.period > 65535)
    return std::string{"rate, channels and period (1..65535 frames) must be positive"};
  static std::once_flag quiet;
  std::call_once(quiet, [] { snd_lib_error_set_handler(quiet_alsa); });
  std::unique_ptr<alsa_capture> capture{new alsa_capture(cfg, std::move(input), std::move(lost))};
  snd_pcm_t* pcm = nullptr;
  if (int rc = snd_pcm_open(&pcm, cfg.device.c_str(), SND_PCM_STREAM_CAPTURE, SND_PCM_NONBLOCK);
      rc < 0)
    return alsa_error("cannot open ALSA device '" + cfg.device + "'", rc);
  capture->pcm_ = pcm;
  auto format = configure(pcm, cfg);
  if (auto err = std::get_if<std::string>(&format))
    return "ALSA device '" + cfg.device + "': " + *err;
  capture->format_ = std::get<snd_pcm_format_t>(format);
  capture->sample_bytes_ = static_cast<std::size_t>(snd_pcm_format_physical_width(
                             std::get<snd_pcm_format_t>(format)) / 8);
  capture->raw_.resize(cfg.period * cfg.channels * capture->sample_bytes_);
  capture->samples_.resize(cfg.period * cfg.channels);
  if (int rc = snd_pcm_prepare(pcm); rc < 0)
    return alsa_error("cannot prepare '" + cfg.device + "'", rc);
  if (int rc = snd_pcm_start(pcm); rc < 0)
    return alsa_error("cannot start '" + cfg.device + "'", rc);
  if (!capture->stop_.valid())
    return std::string{"cannot create an eventfd: "} + std::strerror(errno);
  capture->thread_ = std::thread{[c = capture.get()] { c->run(); }};
  return capture;
}

alsa_capture::~alsa_capture() {
  if (thread_.joinable()) {
    stop_.raise();
    thread_.join();
  }
  if (pcm_ != nullptr)
    snd_pcm_close(pcm_);
}

void alsa_capture::run() {
  if (!cfg_.thread_name.empty())
    ::pthread_setname_np(::pthread_self(), cfg_.thread_name.substr(0, 15).c_str());
  const int count = snd_pcm_poll_descriptors_count(pcm_);
  std::vector<pollfd> fds(static_cast<std::size_t>(std::max(count, 0)) + 1);
  snd_pcm_poll_descriptors(pcm_, fds.data() + 1, static_cast<unsigned>(count));
  fds[0] = {stop_.fd(), POLLIN, 0};
  for (;;) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno != EINTR)
        read_errors_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (fds[0].revents != 0 || stop_.raised())
      return;
    unsigned short revents = 0;
    snd_pcm_poll_descriptors_revents(pcm_, fds.data() + 1, static_cast<unsigned>(count), &revents);
    if ((revents & (POLLIN | POLLERR | POLLHUP)) != 0 && !read_available())
      return;
  }
}

bool alsa_capture::read_available() {
  while (!stop_.raised()) {
    auto got = snd_pcm_readi(pcm_, raw_.data(), cfg_.period);
    if (got == -EAGAIN)
      return true;
    if (got < 0) {
      if (got == -EPIPE)
        overruns_.fetch_add(1, std::memory_order_relaxed);
      int rc = snd_pcm_recover(pcm_, static_cast<int>(got), 1);
      if (rc == 0 && snd_pcm_state(pcm_) == SND_PCM_STATE_PREPARED)
        rc = snd_pcm_start(pcm_);
      if (rc < 0) {
        read_errors_.fetch_add(1, std::memory_order_relaxed);
        lost_(alsa_error("ALSA device '" + cfg_.device + "' lost", rc));
        return false;
      }
      continue;
    }
    if (got == 0)
      return true;
    const auto frames = static_cast<std::size_t>(got);
    const auto read_us = host_now_us();
    const auto origin_us = read_us - static_cast<std::int64_t>(frames * 1'000'000 / cfg_.rate);
    to_float(frames);
    input_->on_block(samples_.data(), frames, cfg_.channels, cfg_.rate, origin_us, read_us);
    blocks_.fetch_add(1, std::memory_order_relaxed);
  }
  return true;
}

void alsa_capture::to_float(std::size_t frames) {
  const std::size_t n = frames * cfg_.channels;
  switch (format_) {
    case SND_PCM_FORMAT_FLOAT_LE:
      std::memcpy(samples_.data(), raw_.data(), n * sizeof(float));
      break;
    case SND_PCM_FORMAT_S32_LE:
      for (std::size_t i = 0; i < n; ++i) {
        std::int32_t x;
        std::memcpy(&x, raw_.data() + i * 4, 4);
        samples_[i] = static_cast<float>(x) * (1.0f / 2147483648.0f);
      }
      break;
    default:
      for (std::size_t i = 0; i < n; ++i) {
        std::int16_t x;
        std::memcpy(&x, raw_.data() + i * 2, 2);
        samples_[i] = static_cast<float>(x) * (1.0f / 32768.0f);
      }
      break;
  }
}

boost::json::object alsa_capture::state() const {
  return {{"device", cfg_.device},
          {"rate", cfg_.rate},
          {"channels", cfg_.channels},
          {"period", cfg_.period},
          {"format", snd_pcm_format_name(static_cast<snd_pcm_format_t>(format_))},
          {"blocks", blocks_.load(std::memory_order_relaxed)},
          {"overruns", overruns_.load(std::memory_order_relaxed)},
          {"read_errors", read_errors_.load(std::memory_order_relaxed)}};
}

} // namespace lume

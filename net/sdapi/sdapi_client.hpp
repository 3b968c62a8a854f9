#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "net/sdapi/endpoint.hpp"
#include "net/sdapi/http_connection.hpp"
#include "net/sdapi/png_codec.hpp"
#include "net/sdapi/sdapi_messages.hpp"

namespace lume::net {

struct sdapi_settings {
  http_endpoint endpoint;
  /// Extra CA certificates (PEM) trusted besides the system's; empty: none.
  std::string ca_file;
  /// Per-request deadline of a job (connect + send + compute + receive).
  std::chrono::milliseconds timeout{10'000};
  /// Deadline of a progress or interrupt call.
  std::chrono::milliseconds control_timeout{2'000};
  /// Limit of a response body (base64 images are large).
  std::size_t max_response_bytes = 32u << 20;
  /// Largest accepted image side in pixels.
  std::uint32_t max_side = 4096;
  /// A keep-alive connection idle longer is opened anew.
  std::chrono::milliseconds idle_limit{4'000};
};

/// One image to style: pixels to encode as PNG, or a PNG file as it is.
struct sdapi_job {
  std::uint64_t id = 0;
  img2img_params params;
  pixel_image pixels;
  std::vector<std::uint8_t> png;
};

/// A styled image and what it cost.
struct sdapi_success {
  std::uint64_t id = 0;
  img2img_image image;
  /// PNG encode + base64 + JSON, on the client's thread.
  std::chrono::microseconds encode{0};
  /// JSON + base64 + PNG check of the answer, on the client's thread.
  std::chrono::microseconds decode{0};
  /// Request sent (connection included) → answer read.
  std::chrono::microseconds exchange{0};
};

/// A job that produced no image: `kind` is a failure of the exchange
/// (resolve, connect, tls, timeout, io, oversize), `http_5xx`, `http_4xx`,
/// `encode`, or a refusal of the answer (img2img_refusal kinds).
struct sdapi_failure {
  std::uint64_t id = 0;
  std::string kind;
  std::string detail;
};

/// What the client reports, on its own thread.
struct sdapi_listener {
  std::function<void(sdapi_success)> done;
  std::function<void(sdapi_failure)> failed;
  /// The body of a progress answer, or an empty string when the call failed.
  std::function<void(std::string)> progress;
  /// An interrupt was sent: empty when the server took it, else why not.
  std::function<void(std::string)> interrupted;
};

/// An asynchronous AUTOMATIC1111 `/sdapi/v1` client on an io_context thread
/// of its own: callers post work and never wait on the network. Jobs go over
/// one keep-alive connection, one at a time (a second job while one runs
/// fails with `busy`); progress and interrupt over a second one, so that a
/// cancel never queues behind a job. A job that times out is followed by an
/// interrupt (the server would keep computing it). Image encoding and the
/// checks of the answer run on the client's thread too.
class sdapi_client {
public:
  /// Starts the thread; fails on an unreadable CA file.
  static std::variant<std::unique_ptr<sdapi_client>, std::string> start(sdapi_settings settings,
                                                                        sdapi_listener listener);

  /// Stops and joins the thread; reports nothing more.
  ~sdapi_client();

  /// Sends a job (from any thread).
  void submit(sdapi_job job);

  /// Sends `POST /sdapi/v1/interrupt` (from any thread).
  void interrupt();

  /// Sends `GET /sdapi/v1/progress?skip_current_image=true` (from any thread).
  void poll_progress();

  /// Connections opened so far for jobs and for control calls.
  std::uint64_t job_connects() const {
    return job_connects_.load(std::memory_order_relaxed);
  }
  std::uint64_t control_connects() const {
    return control_connects_.load(std::memory_order_relaxed);
  }

  const sdapi_settings& settings() const {
    return settings_;
  }

private:
  sdapi_client(sdapi_settings settings, sdapi_listener listener);

  void run_job(sdapi_job job);
  void answer_job(std::uint64_t id, std::chrono::microseconds encode,
                  std::chrono::steady_clock::time_point sent, http_outcome outcome);
  void send_interrupt();

  sdapi_settings settings_;
  sdapi_listener listener_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::ssl::context tls_;
  std::unique_ptr<http_connection> jobs_;
  std::unique_ptr<http_connection> control_;
  /// An interrupt asked for while a progress call used the control connection.
  bool interrupt_queued_ = false;
  std::atomic<std::uint64_t> job_connects_{0};
  std::atomic<std::uint64_t> control_connects_{0};
  std::thread thread_;
};

} // namespace lume::net

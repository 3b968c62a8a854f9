#include "net/sdapi/sdapi_client.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/verb.hpp>

#include "net/sdapi/base64.hpp"

namespace lume::net {

namespace asio = boost::asio;
using verb = boost::beast::http::verb;
using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::steady_clock;

std::variant<std::unique_ptr<sdapi_client>, std::string> sdapi_client::start(sdapi_settings settings,
                                                                              sdapi_listener listener) {
  std::unique_ptr<sdapi_client> client{new sdapi_client(std::move(settings), std::move(listener))};
  boost::system::error_code err;
  client->tls_.set_default_verify_paths(err);
  if (!err && !client->settings_.ca_file.empty())
    client->tls_.load_verify_file(client->settings_.ca_file, err);
  if (err)
    return "CA certificates '" + client->settings_.ca_file + "': " + err.message();
  client->thread_ = std::thread{[c = client.get()] { c->io_.run(); }};
  return client;
}

sdapi_client::sdapi_client(sdapi_settings settings, sdapi_listener listener)
  : settings_(std::move(settings)),
    listener_(std::move(listener)),
    work_(asio::make_work_guard(io_)),
    tls_(asio::ssl::context::tls_client) {
  auto* tls = settings_.endpoint.tls ? &tls_ : nullptr;
  jobs_ = std::make_unique<http_connection>(io_, settings_.endpoint, tls, settings_.max_response_bytes,
                                            settings_.idle_limit);
  control_ = std::make_unique<http_connection>(io_, settings_.endpoint, tls, 1u << 20,
                                               settings_.idle_limit);
}

sdapi_client::~sdapi_client() {
  work_.reset();
  io_.stop();
  if (thread_.joinable())
    thread_.join();
  jobs_.reset();
  control_.reset();
}

void sdapi_client::submit(sdapi_job job) {
  asio::post(io_, [this, job = std::move(job)]() mutable { run_job(std::move(job)); });
}

void sdapi_client::run_job(sdapi_job job) {
  auto started = steady_clock::now();
  if (job.png.empty()) {
    auto encoded = encode_png(job.pixels);
    if (auto err = std::get_if<std::string>(&encoded))
      return listener_.failed({job.id, "encode", *err});
    job.png = std::move(std::get<0>(encoded));
  }
  auto body = img2img_body(job.params, base64_encode(job.png.data(), job.png.size()));
  auto sent = steady_clock::now();
  auto encode = duration_cast<microseconds>(sent - started);
  jobs_->exchange(verb::post, "/sdapi/v1/img2img", std::move(body), settings_.timeout,
                  [this, id = job.id, encode, sent](http_outcome outcome) {
                    job_connects_.store(jobs_->connects(), std::memory_order_relaxed);
                    answer_job(id, encode, sent, std::move(outcome));
                  });
}

void sdapi_client::answer_job(std::uint64_t id, microseconds encode, steady_clock::time_point sent,
                              http_outcome outcome) {
  auto received = steady_clock::now();
  if (!outcome.failure.empty()) {
    if (outcome.failure == "timeout")
      send_interrupt();
    return listener_.failed({id, std::move(outcome.failure), std::move(outcome.detail)});
  }
  if (outcome.status >= 300) {
    auto kind = outcome.status >= 500 ? "http_5xx" : "http_4xx";
    auto detail = "HTTP " + std::to_string(outcome.status) + ": " + outcome.body.substr(0, 200);
    return listener_.failed({id, kind, std::move(detail)});
  }
  auto answer = read_img2img_answer(outcome.body, settings_.max_side);
  if (auto refusal = std::get_if<img2img_refusal>(&answer))
    return listener_.failed({id, std::move(refusal->kind), std::move(refusal->detail)});
  sdapi_success result;
  result.id = id;
  result.image = std::move(std::get<img2img_image>(answer));
  result.encode = encode;
  result.exchange = duration_cast<microseconds>(received - sent);
  result.decode = duration_cast<microseconds>(steady_clock::now() - received);
  listener_.done(std::move(result));
}

void sdapi_client::interrupt() {
  asio::post(io_, [this] { send_interrupt(); });
}

void sdapi_client::send_interrupt() {
  if (control_->busy()) {
    // A progress call is on the control connection: the interrupt goes next.
    interrupt_queued_ = true;
    return;
  }
  control_->exchange(verb::post, "/sdapi/v1/interrupt", "{}", settings_.control_timeout,
                     [this](http_outcome outcome) {
                       control_connects_.store(control_->connects(), std::memory_order_relaxed);
                       std::string why = outcome.failure.empty() && outcome.status < 300
                                           ? std::string{}
                                         : outcome.failure.empty()
                                           ? "HTTP " + std::to_string(outcome.status)
                                           : outcome.failure + ": " + outcome.detail;
                       listener_.interrupted(std::move(why));
                     });
}

void sdapi_client::poll_progress() {
  asio::post(io_, [this] {
    if (control_->busy())
      return;
    control_->exchange(verb::get, "/sdapi/v1/progress?skip_current_image=true", {},
                       settings_.control_timeout, [this](http_outcome outcome) {
                         control_connects_.store(control_->connects(), std::memory_order_relaxed);
                         bool ok = outcome.failure.empty() && outcome.status == 200;
                         listener_.progress(ok ? std::move(outcome.body) : std::string{});
                         if (interrupt_queued_) {
                           interrupt_queued_ = false;
                           send_interrupt();
                         }
                       });
  });
}

} // namespace lume::net

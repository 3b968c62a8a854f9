#include "net/osc_float_writer.hpp"

#include <lo/lo.h>

namespace lume::net {

namespace {

bool valid(const osc_float_message& m) {
  return !m.address.empty() && m.address.front() == '/' && m.count > 0
         && m.count <= osc_max_float_arguments;
}

/// Owns an lo_message until it is released into a bundle.
class message_handle {
public:
  explicit message_handle(const osc_float_message& m) : handle_(lo_message_new()) {
    for (std::size_t i = 0; i < m.count; ++i)
      lo_message_add_float(handle_, m.values[i]);
  }
  ~message_handle() {
    if (handle_ != nullptr)
      lo_message_free(handle_);
  }
  message_handle(const message_handle&) = delete;
  message_handle& operator=(const message_handle&) = delete;

  lo_message get() const { return handle_; }
  void release() { handle_ = nullptr; }

private:
  lo_message handle_;
};

/// Owns an lo_bundle and the messages added to it.
class bundle_handle {
public:
  bundle_handle() : handle_(lo_bundle_new(LO_TT_IMMEDIATE)) {}
  ~bundle_handle() { lo_bundle_free_recursive(handle_); }
  bundle_handle(const bundle_handle&) = delete;
  bundle_handle& operator=(const bundle_handle&) = delete;

  lo_bundle get() const { return handle_; }

private:
  lo_bundle handle_;
};

} // namespace

encode_result write_osc_message(const osc_float_message& message, std::uint8_t* out,
                                std::size_t capacity) {
  if (!valid(message))
    return encode_failed(encode_error::invalid_input);
  message_handle m{message};
  std::size_t size = lo_message_length(m.get(), message.address.c_str());
  if (size > capacity)
    return encode_failed(encode_error::buffer_too_small);
  lo_message_serialise(m.get(), message.address.c_str(), out, &size);
  return encoded(size);
}

encode_result write_osc_bundle(const std::vector<osc_float_message>& messages,
                               std::uint8_t* out, std::size_t capacity) {
  if (messages.empty())
    return encode_failed(encode_error::invalid_input);
  bundle_handle bundle;
  for (const auto& message : messages) {
    if (!valid(message))
      return encode_failed(encode_error::invalid_input);
    message_handle m{message};
    if (lo_bundle_add_message(bundle.get(), message.address.c_str(), m.get()) != 0)
      return encode_failed(encode_error::invalid_input);
    m.release();
  }
  std::size_t size = lo_bundle_length(bundle.get());
  if (size > capacity)
    return encode_failed(encode_error::buffer_too_small);
  lo_bundle_serialise(bundle.get(), out, &size);
  return encoded(size);
}

} // namespace lume::net

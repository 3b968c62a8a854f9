#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>

#include <boost/json/object.hpp>

namespace lume {

/// Where a sensor's data comes from (a UDP socket, an ALSA device): owns a
/// thread that feeds the sensor's input from the moment it is opened until
/// it is destroyed.
class sensor_source {
public:
  virtual ~sensor_source() = default;

  /// The source's own counters as JSON; callable from any thread.
  virtual boost::json::object state() const = 0;
};

/// Called at most once by a running source's thread when its device is gone
/// for good (an unplugged card), with the reason; the sensor then fails.
using source_lost_fn = std::function<void(std::string)>;

/// A source, or why it cannot be opened now (device absent, port taken).
using source_or_error = std::variant<std::unique_ptr<sensor_source>, std::string>;

/// Opens a sensor's source; the sensor calls it again while it fails.
using source_opener = std::function<source_or_error(source_lost_fn)>;

/// The result of a concrete source's `open` as a source_or_error.
template <class Source>
source_or_error as_source(std::variant<std::unique_ptr<Source>, std::string> opened) {
  if (auto err = std::get_if<std::string>(&opened))
    return std::move(*err);
  return std::unique_ptr<sensor_source>{std::move(std::get<0>(opened))};
}

} // namespace lume

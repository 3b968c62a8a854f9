#pragma once

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

} // namespace lume

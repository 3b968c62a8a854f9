#pragma once

#include <string>
#include <variant>
#include <vector>

#include "actors/san/dtw.hpp"

namespace lume {

/// Reads a `lume-sim record` recording of a mocopi stream (LUMEREC1,
/// net/recording_format.hpp) and returns, per decoded frame, the motion
/// features named by `dims`, computed as the motion-features actor
/// computes them (timestamps from the frames' own `time`). An error text
/// names the file and the problem (unreadable, no frame, unknown feature).
std::variant<feature_sequence, std::string>
load_gesture_template(const std::string& path, const std::vector<std::string>& dims);

} // namespace lume

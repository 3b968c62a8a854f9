#pragma once

#include <cmath>

namespace lume {

/// Phase of `beat` within `quantum` beats, in [0, quantum). Beat 0 is a
/// quantum boundary; negative beats wrap like positive ones (phase_of(-0.5, 4)
/// is 3.5), as Link's phaseAtTime does. Returns 0 for a quantum <= 0.
inline double phase_of(double beat, double quantum) {
  if (quantum <= 0.0)
    return 0.0;
  const double phase = beat - std::floor(beat / quantum) * quantum;
  return phase < quantum ? phase : 0.0;
}

} // namespace lume

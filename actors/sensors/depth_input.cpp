#include "actors/sensors/depth_input.hpp"

namespace lume {

template class lum_input<lumd_stream>;

} // namespace lume

#include "actors/catalog.hpp"

#include "actors/director/director.hpp"
#include "actors/bus/bus.hpp"
#include "actors/features/actors/audio_features_actor.hpp"
#include "actors/features/actors/depth_features_actor.hpp"
#include "actors/features/actors/motion_features_actor.hpp"
#include "actors/inference/inference.hpp"
#include "actors/mapper/mapper.hpp"
#include "actors/port/port.hpp"
#include "actors/oscquery/oscquery.hpp"
#include "actors/quantizer/quantizer.hpp"
#include "actors/san/san.hpp"
#include "actors/sensors/audio_sensor.hpp"
#include "actors/sensors/depth_sensor.hpp"
#include "actors/sensors/mocopi_sensor.hpp"
#include "actors/sensors/phone_sensor.hpp"
#include "actors/session/session.hpp"
#include "actors/sim/sim_kinds.hpp"
#include "actors/strudel/strudel.hpp"
#include "actors/ticker/ticker.hpp"

namespace lume {

std::shared_ptr<const kind_catalog> all_kinds() {
  auto kinds = std::make_shared<kind_catalog>();
  kinds->add(ticker_kind());
  kinds->add(quantizer_kind());
  kinds->add(director_kind());
  kinds->add(bus_kind());
  kinds->add(oscquery_kind());
  for (auto kind : {mocopi_sensor_kind(), depth_sensor_kind(), audio_sensor_kind(),
                    phone_sensor_kind(), motion_features_kind(), depth_features_kind(),
                    audio_features_kind(), mapper_kind(), san_kind(), sim_mocopi_kind(),
                    sim_depth_kind(), sim_audio_kind(), sim_phone_kind(),
                    session_kind()})
    kinds->add(std::move(kind));
  kinds->add(port_kind());
  kinds->add(strudel_kind());
  kinds->add(inference_kind());
  return kinds;
}

} // namespace lume

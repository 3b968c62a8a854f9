#include "actors/san/gesture_template.hpp"

#include "actors/features/actors/feature_values.hpp"
#include "actors/sensors/mocopi_rig.hpp"
#include "net/mocopi_stream.hpp"
#include "net/recording_format.hpp"

namespace lume {

std::variant<feature_sequence, std::string>
load_gesture_template(const std::string& path, const std::vector<std::string>& dims) {
  auto opened = net::recording_reader::open(path);
  if (auto err = std::get_if<std::string>(&opened))
    return *err;
  auto& reader = std::get<net::recording_reader>(opened);
  net::mocopi_stream stream;
  mocopi_rig rig;
  std::uint64_t rig_skeletons = 0;
  features::motion_features motion;
  features::skeleton_frame input;
  skeleton_frame msg;
  feature_values values;
  feature_sequence result;
  result.dims = dims.size();
  net::recorded_datagram record;
  for (;;) {
    auto read = reader.next(record);
    if (read == net::read_result::end)
      break;
    if (read != net::read_result::record)
      return path + ": " + net::to_string(read);
    auto event = stream.push(record.bytes.data(), record.bytes.size());
    if (event.kind != net::mocopi_event_kind::frame)
      continue;
    if (rig_skeletons != stream.counters().skeletons) {
      rig.reset(*stream.rig());
      rig_skeletons = stream.counters().skeletons;
    }
    rig.pose(*event.frame, msg.joints);
    msg.origin_us = static_cast<std::int64_t>(static_cast<double>(event.frame->time_s) * 1e6);
    if (!to_dsp(msg, input))
      return path + ": the recording's skeleton is not the 27-bone mocopi rig";
    auto& r = motion.process(input);
    if (!r.accepted)
      continue;
    motion_values(r, values);
    for (auto& name : dims) {
      auto i = values.find(name);
      if (i == values.end())
        return path + ": '" + name + "' is not a motion feature";
      result.values.push_back(i->second);
    }
  }
  if (result.frames() < 2)
    return path + ": fewer than two mocopi frames";
  return result;
}

} // namespace lume

#include "core/eval/predict/fold_predictions_pickle.h"

#include "core/common/atomic_file.h"
#include "core/eval/predict/tensor_pickle.h"

namespace gramt::eval::predict {

std::string fold_predictions_pickle_filename(const std::string& fold, const std::string& suffix) {
  return fold + ".predictions" + suffix + ".pkl";
}

namespace {

// file -> {frame -> [entries]}, frames ascending; `entry` writes one list for one item.
template <typename Doa, typename WriteEntry>
void write_frame_dicts(io::PickleWriter& out, const std::map<std::string, std::vector<Doa>>& by_file,
                       WriteEntry write_entry) {
  out.begin_dict();
  for (const auto& [file, doas] : by_file) {
    out.text(file);
    std::map<int64_t, std::vector<const Doa*>> by_frame;
    for (const Doa& d : doas) by_frame[d.frame].push_back(&d);
    out.begin_dict();
    for (const auto& [frame, items] : by_frame) {
      out.integer(frame);
      out.begin_list();
      for (const Doa* d : items) write_entry(*d);
      out.end_list();
    }
    out.end_dict();
  }
  out.end_dict();
}

}  // namespace

std::string encode_fold_predictions_pickle(const FoldPickle& fold) {
  io::PickleWriter out(3);
  out.begin_dict();
  out.text("target");
  write_tensor(out, fold.target);
  out.text("prediction");
  write_tensor(out, fold.prediction);
  if (fold.prediction_logit.defined()) {
    out.text("prediction_logit");
    write_tensor(out, fold.prediction_logit);
  }
  if (fold.target_events != nullptr) {
    out.text("target_events");
    out.json(nlohmann::ordered_json::parse(fold.target_events->dump()));
  }
  if (fold.predicted_events != nullptr) {
    out.text("predicted_events");
    out.begin_dict();
    for (const auto& [file, events] : *fold.predicted_events) {
      out.text(file);
      out.begin_list();
      for (const TimedEvent& e : events) {
        out.begin_dict();
        out.text("label");
        out.text(e.label);
        out.text("start");
        out.real(e.onset_ms);
        out.text("end");
        out.real(e.offset_ms);
        out.end_dict();
      }
      out.end_list();
    }
    out.end_dict();
  }
  if (fold.reference_doas != nullptr) {
    out.text("target_events");
    write_frame_dicts(out, *fold.reference_doas, [&out](const scores::ReferenceDoa& d) {
      out.begin_list();
      out.integer(d.class_index);
      out.integer(0);
      out.real(d.azimuth_deg);
      out.real(d.elevation_deg);
      out.end_list();
    });
  }
  if (fold.predicted_doas != nullptr) {
    out.text("predicted_events");
    write_frame_dicts(out, *fold.predicted_doas, [&out](const scores::PredictedDoa& d) {
      out.begin_list();
      out.integer(d.class_index);
      out.integer(0);
      out.real(d.x);
      out.real(d.y);
      out.real(d.z);
      out.integer(0);
      out.end_list();
    });
  }
  if (fold.timestamp.defined()) {
    out.text("timestamp");
    write_tensor(out, fold.timestamp);
  }
  out.end_dict();
  return out.finish();
}

void write_fold_predictions_pickle(const std::string& path, const FoldPickle& fold) {
  write_file_atomically(path, encode_fold_predictions_pickle(fold));
}

}  // namespace gramt::eval::predict

#pragma once
// One channel's waveform against time. Zoomed out, it draws the min/max envelope of the samples in
// each pixel column (fast for millions of samples, and no peak is ever lost); zoomed in far enough,
// the samples themselves.
#include <memory>
#include <vector>

#include "widgets/time_plot.h"
#include "widgets/waveform_envelope.h"

namespace gramt::widgets {

class WaveformView : public TimePlot {
  Q_OBJECT

 public:
  explicit WaveformView(QWidget* parent = nullptr);

  // Samples in [-1, 1] (full scale) at `sample_rate`; shared so callers need not copy long signals.
  void setSignal(std::shared_ptr<const std::vector<float>> samples, double sample_rate);
  void clear();

  void setTraceColour(const QColor& colour);

  int64_t sampleCount() const { return envelope_.sampleCount(); }
  double sampleRate() const { return sample_rate_; }
  // True while the plot shows per-column extremes rather than individual samples.
  bool showsEnvelope() const { return shows_envelope_; }
  QCPGraph* trace() const { return trace_; }

  QCPRange dataTimeSpan() const override;
  HoverReadout readoutAt(double seconds, double value) const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void rebuildTrace();

  std::shared_ptr<const std::vector<float>> samples_;
  WaveformEnvelope envelope_;
  double sample_rate_ = 0.0;
  QCPGraph* trace_ = nullptr;
  bool shows_envelope_ = false;
};

}  // namespace gramt::widgets

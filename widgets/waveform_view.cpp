#include "widgets/waveform_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gramt::widgets {

namespace {

// Draw individual samples while there are fewer than this many per pixel column; beyond that a
// polyline would only overdraw itself, and the envelope shows the same picture for less work.
constexpr double kMaxSamplesPerColumn = 2.0;

}  // namespace

WaveformView::WaveformView(QWidget* parent) : TimePlot(parent) {
  trace_ = addGraph(xAxis, yAxis);
  trace_->setPen(QPen(QColor(0x2a, 0x6f, 0xdb), 1.0));
  trace_->setAdaptiveSampling(false);  // the envelope already is the sampling
  yAxis->setRange(-1.05, 1.05);
  yAxis->setLabel(tr("Amplitude"));
  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { rebuildTrace(); });
}

void WaveformView::setSignal(std::shared_ptr<const std::vector<float>> samples, double sample_rate) {
  samples_ = std::move(samples);
  sample_rate_ = sample_rate;
  envelope_ = WaveformEnvelope(samples_);
  rebuildTrace();
}

void WaveformView::clear() { setSignal(nullptr, 0.0); }

void WaveformView::setTraceColour(const QColor& colour) {
  trace_->setPen(QPen(colour, 1.0));
  replot(rpQueuedReplot);
}

QCPRange WaveformView::dataTimeSpan() const {
  if (sampleCount() == 0 || sample_rate_ <= 0) return QCPRange();
  return QCPRange(0.0, static_cast<double>(sampleCount()) / sample_rate_);
}

void WaveformView::rebuildTrace() {
  const int64_t n = sampleCount();
  if (n == 0 || sample_rate_ <= 0) {
    trace_->data()->clear();
    shows_envelope_ = false;
    replot(rpQueuedReplot);
    return;
  }
  const QCPRange range = xAxis->range();
  // The visible samples and one beyond each edge, so the line runs to the border of the plot.
  const int64_t first = std::clamp<int64_t>(static_cast<int64_t>(std::floor(range.lower * sample_rate_)) - 1, 0, n);
  const int64_t last = std::clamp<int64_t>(static_cast<int64_t>(std::ceil(range.upper * sample_rate_)) + 1, first, n);
  const int columns = plotAreaWidth();
  QVector<double> keys;
  QVector<double> values;
  shows_envelope_ = static_cast<double>(last - first) > kMaxSamplesPerColumn * columns;
  if (shows_envelope_) {
    // Each column becomes a vertical stroke from its minimum to its maximum; consecutive strokes
    // join into the familiar filled outline.
    const std::vector<SampleExtremes> extremes = envelope_.extremes(first, last, columns);
    const double seconds_per_column = static_cast<double>(last - first) / sample_rate_ / columns;
    const double start = static_cast<double>(first) / sample_rate_;
    keys.reserve(2 * columns);
    values.reserve(2 * columns);
    for (int c = 0; c < columns; ++c) {
      const double key = start + (c + 0.5) * seconds_per_column;
      keys << key << key;
      values << extremes[static_cast<size_t>(c)].min << extremes[static_cast<size_t>(c)].max;
    }
  } else {
    keys.reserve(static_cast<int>(last - first));
    values.reserve(static_cast<int>(last - first));
    for (int64_t i = first; i < last; ++i) {
      keys << static_cast<double>(i) / sample_rate_;
      values << (*samples_)[static_cast<size_t>(i)];
    }
  }
  trace_->setData(keys, values, /*alreadySorted=*/true);
  // Show the sample points themselves once they are far enough apart to be told apart.
  const bool sparse = !shows_envelope_ && (last - first) * 6 < columns;
  trace_->setScatterStyle(sparse ? QCPScatterStyle(QCPScatterStyle::ssDisc, 4) : QCPScatterStyle());
  replot(rpQueuedReplot);
}

void WaveformView::resizeEvent(QResizeEvent* event) {
  TimePlot::resizeEvent(event);
  rebuildTrace();
}

HoverReadout WaveformView::readoutAt(double seconds, double /*value*/) const {
  HoverReadout readout;
  readout.source = title();
  readout.seconds = seconds;
  readout.level_unit = QStringLiteral("dBFS");
  const int64_t n = sampleCount();
  if (n == 0 || sample_rate_ <= 0) return readout;
  // Peak level of the samples under the hovered pixel column (at least the nearest sample).
  const double seconds_per_pixel = xAxis->range().size() / plotAreaWidth();
  const int64_t first = static_cast<int64_t>(std::floor((seconds - seconds_per_pixel / 2) * sample_rate_));
  const int64_t last = std::max<int64_t>(static_cast<int64_t>(std::ceil((seconds + seconds_per_pixel / 2) * sample_rate_)),
                                         first + 1);
  if (last <= 0 || first >= n) return readout;
  const SampleExtremes e = envelope_.extremesOf(first, last);
  const double peak = std::max(std::abs(e.min), std::abs(e.max));
  readout.level_db = peak > 0 ? 20.0 * std::log10(peak) : -std::numeric_limits<double>::infinity();
  return readout;
}

}  // namespace gramt::widgets

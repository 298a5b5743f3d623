#include "widgets/spectrogram_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/bin_frequency_ticker.h"

namespace gramt::widgets {

SpectrogramView::SpectrogramView(QWidget* parent) : TimePlot(parent) {
  map_ = new QCPColorMap(xAxis, yAxis);
  map_->setInterpolate(false);  // one block per frame and bin: what the model sees
  map_->setTightBoundary(false);

  scale_ = new QCPColorScale(this);
  scale_->setType(QCPAxis::atRight);
  scale_->setBarWidth(10);
  scale_->setRangeDrag(false);
  scale_->setRangeZoom(false);
  scale_->axis()->setLabel(tr("dB"));
  // The colour scale sizes itself to its bar and labels, so it sits in a fixed-width box instead:
  // that keeps this plot's time axis pixel-aligned with plots that have no colour bar.
  auto* gutter = new QCPLayoutGrid;
  setRightGutterElement(gutter);
  gutter->addElement(0, 0, scale_);
  map_->setColorScale(scale_);

  // The colour bar's top and bottom follow the plot area, not the whole widget.
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);

  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { rebuildMap(); });

  bin_ticker_ = QSharedPointer<QCPAxisTicker>(new QCPAxisTicker);
  bin_ticker_->setTickStepStrategy(QCPAxisTicker::tssReadability);
  setColourMap(colourMaps().front());
  applyFrequencyAxis();
}

namespace {

// Draw each frame as its own column of cells while there are fewer than this many per pixel;
// beyond that, neighbouring frames are pooled (by their maximum, so short loud events survive).
constexpr int64_t kMaxFramesPerPixel = 2;
// Ticks made for a linear bin scale (enough for 360° in 1° steps).
constexpr int kMostLinearTicks = 400;

}  // namespace

void SpectrogramView::setLevels(std::vector<float> levels_db, int frames, int bins, double frame_period_seconds,
                                double first_frame_seconds) {
  setLevels(std::make_shared<const std::vector<float>>(std::move(levels_db)), frames, bins, frame_period_seconds,
            first_frame_seconds);
}

void SpectrogramView::setLevels(std::shared_ptr<const std::vector<float>> levels_db, int frames, int bins,
                                double frame_period_seconds, double first_frame_seconds) {
  if (!levels_db || frames <= 0 || bins <= 0 ||
      levels_db->size() < static_cast<size_t>(frames) * static_cast<size_t>(bins)) {
    clear();
    return;
  }
  levels_ = std::move(levels_db);
  frames_ = frames;
  bins_ = bins;
  frame_period_ = frame_period_seconds;
  first_frame_ = first_frame_seconds;
  const auto end = levels_->begin() + static_cast<std::ptrdiff_t>(frames) * bins;
  // NaN cells (nothing to show) do not count towards the peak.
  peak_db_ = -std::numeric_limits<double>::infinity();
  for (auto it = levels_->begin(); it != end; ++it)
    if (*it > peak_db_) peak_db_ = *it;
  yAxis->setRange(-0.5, bins - 0.5);
  shown_ = {};
  rebuildMap();
  applyFrequencyAxis();
}

void SpectrogramView::rebuildMap() {
  if (frames_ == 0) return;
  // The frames in view, with one spare each side so cells reach the plot's edges.
  const QCPRange range = xAxis->range();
  const int64_t first = std::clamp<int64_t>(
      static_cast<int64_t>(std::floor((range.lower - first_frame_) / frame_period_)) - 1, 0, frames_ - 1);
  const int64_t last = std::clamp<int64_t>(
      static_cast<int64_t>(std::ceil((range.upper - first_frame_) / frame_period_)) + 2, first + 1, frames_);
  const int64_t most_cells = kMaxFramesPerPixel * plotAreaWidth();
  const int64_t group = std::max<int64_t>(1, (last - first + most_cells - 1) / most_cells);
  // Pool on a grid fixed to frame 0, so panning does not make pooled cells flicker.
  const int64_t start = first / group * group;
  const int64_t cells = (last - start + group - 1) / group;
  const Window window{start, cells, group};
  if (window == shown_) return;
  shown_ = window;

  QCPColorMapData* data = map_->data();
  data->setSize(static_cast<int>(cells), bins_);
  // Cell k is centred on the middle of the frames it pools. One cell still needs a non-empty range.
  const double centre_offset = (group - 1) / 2.0;
  const double first_centre = first_frame_ + (start + centre_offset) * frame_period_;
  const double last_centre =
      first_frame_ + (start + std::max<int64_t>(cells - 1, 1) * group + centre_offset) * frame_period_;
  data->setRange(QCPRange(first_centre, last_centre), QCPRange(0.0, std::max(bins_ - 1, 1)));
  std::vector<float> pooled(static_cast<size_t>(bins_));
  const std::vector<float>& levels = *levels_;
  for (int64_t k = 0; k < cells; ++k) {
    const int64_t a = start + k * group;
    const int64_t b = std::min<int64_t>(a + group, frames_);
    if (pooling_ == Pooling::Middle) {
      const int64_t middle = a + (b - 1 - a) / 2;
      for (int bin = 0; bin < bins_; ++bin) data->setCell(static_cast<int>(k), bin, levels[static_cast<size_t>(middle * bins_ + bin)]);
      continue;
    }
    std::copy_n(levels.begin() + a * bins_, bins_, pooled.begin());
    for (int64_t f = a + 1; f < b; ++f) {
      const float* row = levels.data() + f * bins_;
      if (pooling_ == Pooling::Maximum) {
        for (int bin = 0; bin < bins_; ++bin)
          pooled[static_cast<size_t>(bin)] = std::max(pooled[static_cast<size_t>(bin)], row[bin]);
      } else {
        for (int bin = 0; bin < bins_; ++bin) pooled[static_cast<size_t>(bin)] += row[bin];
      }
    }
    if (pooling_ == Pooling::Mean && b - a > 1) {
      // NaN cells (nothing to show) stay out of the mean unless the whole pool is NaN.
      for (int bin = 0; bin < bins_; ++bin) {
        float& value = pooled[static_cast<size_t>(bin)];
        if (!std::isnan(value)) {
          value /= static_cast<float>(b - a);
          continue;
        }
        double sum = 0;
        int finite = 0;
        for (int64_t f = a; f < b; ++f) {
          const float v = levels[static_cast<size_t>(f * bins_ + bin)];
          if (!std::isnan(v)) sum += v, ++finite;
        }
        value = finite > 0 ? static_cast<float>(sum / finite) : std::numeric_limits<float>::quiet_NaN();
      }
    }
    for (int bin = 0; bin < bins_; ++bin) data->setCell(static_cast<int>(k), bin, pooled[static_cast<size_t>(bin)]);
  }
  replot(rpQueuedReplot);
}

void SpectrogramView::resizeEvent(QResizeEvent* event) {
  TimePlot::resizeEvent(event);
  rebuildMap();
}

void SpectrogramView::clear() {
  levels_.reset();
  frames_ = 0;
  bins_ = 0;
  peak_db_ = 0.0;
  shown_ = {};
  map_->data()->clear();
  replot(rpQueuedReplot);
}

void SpectrogramView::setBinFrequencies(std::vector<double> bin_hz) {
  bin_hz_ = std::move(bin_hz);
  hertz_ticker_ = QSharedPointer<BinFrequencyTicker>(new BinFrequencyTicker(bin_hz_));
  applyFrequencyAxis();
}

void SpectrogramView::setFrequencyAxis(FrequencyAxis axis) {
  frequency_axis_ = axis;
  applyFrequencyAxis();
}

void SpectrogramView::setBinName(const QString& name) {
  bin_name_ = name;
  applyFrequencyAxis();
}

void SpectrogramView::setLinearBinScale(double first_centre, double step, double tick_step, const QString& quantity,
                                        const QString& unit) {
  if (!(step > 0) || !(tick_step > 0)) return;
  linear_scale_ = LinearBinScale{first_centre, step, quantity, unit};
  // Ticks at round values of the quantity; their positions on the bin axis follow from the scale.
  linear_ticker_ = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
  // The bin count is not known here: ticks past the last bin are simply never in view.
  const double first_tick = std::ceil((first_centre - step / 2) / tick_step) * tick_step;
  for (int k = 0; k < kMostLinearTicks; ++k) {
    const double value = first_tick + k * tick_step;
    linear_ticker_->addTick((value - first_centre) / step, QString::number(value));
  }
  applyFrequencyAxis();
}

void SpectrogramView::setLevelUnit(const QString& unit) { level_unit_ = unit; }

void SpectrogramView::applyFrequencyAxis() {
  if (linear_scale_) {
    yAxis->setTicker(linear_ticker_);
    yAxis->setLabel(linear_scale_->unit.isEmpty() ? linear_scale_->quantity
                                                  : QStringLiteral("%1 (%2)").arg(linear_scale_->quantity,
                                                                                  linear_scale_->unit));
    replot(rpQueuedReplot);
    return;
  }
  const bool hertz = frequency_axis_ == FrequencyAxis::Hertz && hertz_ticker_ && bin_hz_.size() >= 2;
  if (hertz) {
    yAxis->setTicker(hertz_ticker_);
    yAxis->setLabel(tr("Frequency (Hz)"));
  } else {
    yAxis->setTicker(bin_ticker_);
    yAxis->setLabel(bin_name_.left(1).toUpper() + bin_name_.mid(1));
  }
  replot(rpQueuedReplot);
}

void SpectrogramView::setColourMap(const ColourMap& map) {
  map_->setGradient(map.gradient);
  setCursorColour(map.contrasting);
  replot(rpQueuedReplot);
}

void SpectrogramView::setPooling(Pooling pooling) {
  if (pooling == pooling_) return;
  pooling_ = pooling;
  shown_ = {};  // the cells must be pooled again
  rebuildMap();
}

void SpectrogramView::setLevelRange(double lowest_db, double highest_db) {
  if (!(highest_db > lowest_db)) highest_db = lowest_db + 1.0;
  map_->setDataRange(QCPRange(lowest_db, highest_db));
  replot(rpQueuedReplot);
}

QCPRange SpectrogramView::levelRange() const { return map_->dataRange(); }

double SpectrogramView::levelAt(int frame, int bin) const {
  if (frame < 0 || frame >= frames_ || bin < 0 || bin >= bins_) return std::numeric_limits<double>::quiet_NaN();
  return (*levels_)[static_cast<size_t>(frame) * static_cast<size_t>(bins_) + static_cast<size_t>(bin)];
}

QCPRange SpectrogramView::dataTimeSpan() const {
  if (frames_ == 0) return QCPRange();
  // Cells are centred on their frame times, so they reach half a period beyond the first and last.
  return QCPRange(first_frame_ - frame_period_ / 2, first_frame_ + (frames_ - 0.5) * frame_period_);
}

HoverReadout SpectrogramView::readoutAt(double seconds, double value) const {
  HoverReadout readout;
  readout.source = title();
  readout.seconds = seconds;
  if (frames_ == 0 || frame_period_ <= 0) return readout;
  const int frame = static_cast<int>(std::lround((seconds - first_frame_) / frame_period_));
  const int bin = static_cast<int>(std::lround(value));
  if (bin < 0 || bin >= bins_) return readout;
  readout.level_unit = level_unit_;
  if (linear_scale_)
    readout.frequency_text = QStringLiteral("%1 %2%3")
                                 .arg(linear_scale_->quantity.toLower())
                                 .arg(linear_scale_->first_centre + bin * linear_scale_->step, 0, 'g', 4)
                                 .arg(linear_scale_->unit);
  else if (bin_hz_.size() == static_cast<size_t>(bins_))
    readout.frequency_hz = bin_hz_[static_cast<size_t>(bin)];
  else
    readout.frequency_text = QStringLiteral("%1 %2").arg(bin_name_).arg(bin);
  if (frame >= 0 && frame < frames_) readout.level_db = levelAt(frame, bin);
  return readout;
}

}  // namespace gramt::widgets

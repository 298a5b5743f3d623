#include "widgets/patch_attention_view.h"

#include <algorithm>
#include <cmath>

namespace gramt::widgets {
namespace {

// Transparent where nothing is attended, through amber to opaque red: the grey spectrogram stays
// readable under weak attention, strong attention stands out in any grey.
QCPColorGradient heatGradient() {
  QCPColorGradient g;
  g.setColorStops({{0.0, QColor(255, 200, 0, 0)},
                   {0.25, QColor(255, 190, 0, 90)},
                   {0.6, QColor(255, 120, 0, 170)},
                   {1.0, QColor(220, 20, 20, 230)}});
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  g.setLevelCount(256);
  return g;
}

}  // namespace

PatchAttentionView::PatchAttentionView(QWidget* parent) : QCustomPlot(parent) {
  spectrogram_ = new QCPColorMap(xAxis, yAxis);
  spectrogram_->setGradient(QCPColorGradient(QCPColorGradient::gpGrayscale));
  spectrogram_->setInterpolate(false);
  heat_ = new QCPColorMap(xAxis, yAxis);
  heat_->setGradient(heatGradient());
  heat_->setInterpolate(false);
  heat_->setVisible(false);
  selection_ = new QCPItemRect(this);
  selection_->setPen(QPen(QColor(0, 220, 255), 2.0));
  selection_->setBrush(Qt::NoBrush);
  selection_->setVisible(false);
  title_ = new QCPItemText(this);
  title_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
  title_->position->setType(QCPItemPosition::ptAxisRectRatio);
  title_->position->setCoords(0.005, 0.01);
  title_->setColor(Qt::black);
  title_->setBrush(QBrush(QColor(255, 255, 255, 210)));
  title_->setPadding(QMargins(4, 1, 4, 1));
  xAxis->setLabel(tr("Time in chunk (s)"));
  yAxis->setLabel(tr("Mel band"));
}

void PatchAttentionView::setSpectrogram(const std::vector<float>& levels, int frames, int bins,
                                        double seconds_per_frame, const QString& title) {
  frames_ = frames;
  bins_ = bins;
  seconds_per_frame_ = seconds_per_frame;
  QCPColorMapData* data = spectrogram_->data();
  data->setSize(frames, bins);
  // Cell centres: frame f spans [f, f+1)·dt, bin b spans [b, b+1).
  data->setRange(QCPRange(0.5 * seconds_per_frame, (frames - 0.5) * seconds_per_frame), QCPRange(0.5, bins - 0.5));
  float lo = HUGE_VALF, hi = -HUGE_VALF;
  for (int f = 0; f < frames; ++f) {
    for (int b = 0; b < bins; ++b) {
      const float v = levels[static_cast<size_t>(f) * static_cast<size_t>(bins) + static_cast<size_t>(b)];
      data->setCell(f, b, v);
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  spectrogram_->setDataRange(hi > lo ? QCPRange(std::max(lo, hi - 16.0f), hi) : QCPRange(0, 1));  // ~70 dB of log-mel
  xAxis->setRange(0, frames * seconds_per_frame);
  yAxis->setRange(0, bins);
  title_->setText(title);
  rebuildGrid();
  replot(QCustomPlot::rpQueuedReplot);
}

void PatchAttentionView::setPatchGrid(int rows, int cols, int frames_per_patch, int bins_per_patch) {
  rows_ = rows;
  cols_ = cols;
  frames_per_patch_ = std::max(1, frames_per_patch);
  bins_per_patch_ = std::max(1, bins_per_patch);
  rebuildGrid();
  setOverlay({}, {});
}

void PatchAttentionView::rebuildGrid() {
  for (auto* line : grid_lines_) removeItem(line);
  grid_lines_.clear();
  if (rows_ <= 0 || cols_ <= 0) return;
  const QPen pen(QColor(255, 255, 255, 70), 1.0);
  const double top = rows_ * bins_per_patch_, right = cols_ * frames_per_patch_ * seconds_per_frame_;
  for (int r = 1; r < rows_; ++r) {
    auto* line = new QCPItemLine(this);
    line->setPen(pen);
    line->start->setCoords(0, r * bins_per_patch_);
    line->end->setCoords(right, r * bins_per_patch_);
    grid_lines_.push_back(line);
  }
  // Narrow time patches (128×2: 100 columns) would hide the picture under lines: every fifth.
  const int step = cols_ > 40 ? 5 : 1;
  for (int c = step; c < cols_; c += step) {
    auto* line = new QCPItemLine(this);
    line->setPen(pen);
    line->start->setCoords(c * frames_per_patch_ * seconds_per_frame_, 0);
    line->end->setCoords(c * frames_per_patch_ * seconds_per_frame_, top);
    grid_lines_.push_back(line);
  }
}

void PatchAttentionView::setOverlay(const std::vector<float>& per_patch, const QString& label) {
  overlay_ = per_patch;
  const bool show = !per_patch.empty() && per_patch.size() == static_cast<size_t>(rows_) * static_cast<size_t>(cols_);
  heat_->setVisible(show);
  if (show) {
    QCPColorMapData* data = heat_->data();
    data->setSize(cols_, rows_);
    const double patch_seconds = frames_per_patch_ * seconds_per_frame_;
    data->setRange(QCPRange(0.5 * patch_seconds, (cols_ - 0.5) * patch_seconds),
                   QCPRange(0.5 * bins_per_patch_, (rows_ - 0.5) * bins_per_patch_));
    float lo = HUGE_VALF, hi = -HUGE_VALF;
    for (float v : per_patch) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (int r = 0; r < rows_; ++r)
      for (int c = 0; c < cols_; ++c) data->setCell(c, r, per_patch[static_cast<size_t>(r * cols_ + c)]);
    // From the least to the most attended patch: near-uniform attention still shows its structure.
    heat_->setDataRange(hi > lo ? QCPRange(lo, hi) : QCPRange(0, hi > 0 ? hi : 1));
  }
  const QString base = title_->text().section(QStringLiteral(" · "), 0, 0);
  title_->setText(show && !label.isEmpty() ? base + QStringLiteral(" · ") + label : base);
  replot(QCustomPlot::rpQueuedReplot);
}

void PatchAttentionView::setSelectedPatch(int row, int col) {
  const bool show = row >= 0 && col >= 0 && row < rows_ && col < cols_;
  selection_->setVisible(show);
  if (show) {
    const double patch_seconds = frames_per_patch_ * seconds_per_frame_;
    selection_->topLeft->setCoords(col * patch_seconds, (row + 1) * bins_per_patch_);
    selection_->bottomRight->setCoords((col + 1) * patch_seconds, row * bins_per_patch_);
  }
  replot(QCustomPlot::rpQueuedReplot);
}

QPoint PatchAttentionView::patchAt(double seconds, double bin) const {
  if (rows_ <= 0 || cols_ <= 0 || seconds < 0 || bin < 0) return {-1, -1};
  const int col = static_cast<int>(seconds / (frames_per_patch_ * seconds_per_frame_));
  const int row = static_cast<int>(bin / bins_per_patch_);
  if (row >= rows_ || col >= cols_) return {-1, -1};
  return {col, row};
}

void PatchAttentionView::mouseReleaseEvent(QMouseEvent* event) {
  QCustomPlot::mouseReleaseEvent(event);
  const QPoint p = patchAt(xAxis->pixelToCoord(event->pos().x()), yAxis->pixelToCoord(event->pos().y()));
  if (p.x() >= 0) emit patchClicked(p.y(), p.x());
}

}  // namespace gramt::widgets

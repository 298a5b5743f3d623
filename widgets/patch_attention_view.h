#pragma once
// One channel's log-mel of a model chunk, in grey so colour can carry attention: the patch grid on
// top, a heat overlay with one value per patch (a patch's attention over all patches, or a rollout
// map), and the selected patch outlined. A click on a patch reports its grid position.
#include <qcustomplot.h>

#include <vector>

namespace gramt::widgets {

class PatchAttentionView : public QCustomPlot {
  Q_OBJECT

 public:
  explicit PatchAttentionView(QWidget* parent = nullptr);

  // levels: [frame][bin] row-major, frames × bins; shown over 0 .. frames·seconds_per_frame.
  void setSpectrogram(const std::vector<float>& levels, int frames, int bins, double seconds_per_frame,
                      const QString& title);
  // rows along frequency (row 0 = lowest bins), cols along time; a patch spans
  // frames_per_patch frames and bins_per_patch bins.
  void setPatchGrid(int rows, int cols, int frames_per_patch, int bins_per_patch);
  // One value per patch, index r·cols + c; empty hides the overlay. Coloured from its own minimum
  // (transparent) to its maximum (opaque red).
  void setOverlay(const std::vector<float>& per_patch, const QString& label);
  void setSelectedPatch(int row, int col);  // -1, -1: none

  int patchRows() const { return rows_; }
  int patchCols() const { return cols_; }
  const std::vector<float>& overlay() const { return overlay_; }
  // Grid position under a point in plot coordinates (seconds, bin); {-1, -1} outside.
  QPoint patchAt(double seconds, double bin) const;

 signals:
  void patchClicked(int row, int col);

 protected:
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  void rebuildGrid();

  QCPColorMap* spectrogram_ = nullptr;
  QCPColorMap* heat_ = nullptr;
  QCPItemRect* selection_ = nullptr;
  QCPItemText* title_ = nullptr;
  std::vector<QCPItemLine*> grid_lines_;
  std::vector<float> overlay_;
  int rows_ = 0, cols_ = 0, frames_per_patch_ = 1, bins_per_patch_ = 1, frames_ = 0, bins_ = 0;
  double seconds_per_frame_ = 0.01;
};

}  // namespace gramt::widgets

#pragma once
// A few images side by side, each under its title and scaled to fit while keeping its aspect ratio:
// the training run's input, masked, target and reconstructed spectrograms of one step. A missing
// image shows its title and the reason instead of a blank.
#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;

namespace gramt::widgets {

struct LabelledImage {
  QString title;
  QImage image;          // null: show `missing` instead
  QString missing;       // e.g. "no image for this step"
};

class LabelledImageGrid : public QWidget {
  Q_OBJECT

 public:
  explicit LabelledImageGrid(int columns = 2, QWidget* parent = nullptr);

  void setImages(std::vector<LabelledImage> images);
  const std::vector<LabelledImage>& images() const { return images_; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void rescale();

  int columns_;
  QGridLayout* grid_ = nullptr;
  std::vector<LabelledImage> images_;
  std::vector<std::pair<QLabel*, QLabel*>> cells_;  // title, picture
};

}  // namespace gramt::widgets

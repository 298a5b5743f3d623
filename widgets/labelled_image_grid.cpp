#include "widgets/labelled_image_grid.h"

#include <QGridLayout>
#include <QLabel>
#include <QPixmap>
#include <QResizeEvent>

namespace gramt::widgets {

LabelledImageGrid::LabelledImageGrid(int columns, QWidget* parent) : QWidget(parent), columns_(std::max(1, columns)) {
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setSpacing(6);
}

void LabelledImageGrid::setImages(std::vector<LabelledImage> images) {
  images_ = std::move(images);
  while (cells_.size() < images_.size()) {
    const int index = static_cast<int>(cells_.size());
    auto* title = new QLabel(this);
    title->setAlignment(Qt::AlignLeft | Qt::AlignBottom);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* picture = new QLabel(this);
    picture->setAlignment(Qt::AlignCenter);
    picture->setMinimumSize(80, 60);
    picture->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);  // the grid sizes it; we scale into it
    grid_->addWidget(title, (index / columns_) * 2, index % columns_);
    grid_->addWidget(picture, (index / columns_) * 2 + 1, index % columns_);
    grid_->setRowStretch((index / columns_) * 2 + 1, 1);
    cells_.emplace_back(title, picture);
  }
  for (size_t i = 0; i < cells_.size(); ++i) {
    const bool used = i < images_.size();
    cells_[i].first->setVisible(used);
    cells_[i].second->setVisible(used);
    if (used) cells_[i].first->setText(images_[i].title);
  }
  rescale();
}

void LabelledImageGrid::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  rescale();
}

void LabelledImageGrid::rescale() {
  for (size_t i = 0; i < images_.size(); ++i) {
    QLabel* picture = cells_[i].second;
    const LabelledImage& item = images_[i];
    if (item.image.isNull()) {
      picture->setPixmap({});
      picture->setText(item.missing.isEmpty() ? tr("no image") : item.missing);
      continue;
    }
    const QSize room = picture->size().boundedTo(item.image.size() * 4);
    picture->setPixmap(QPixmap::fromImage(item.image.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  }
}

}  // namespace gramt::widgets

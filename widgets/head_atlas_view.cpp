#include "widgets/head_atlas_view.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace gramt::widgets {

HeadAtlasView::HeadAtlasView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  setMouseTracking(false);
}

void HeadAtlasView::setTiles(std::vector<AtlasTile> tiles, int columns) {
  tiles_ = std::move(tiles);
  columns_ = std::max(1, columns);
  updateGeometry();
  resize(sizeHint());  // inside a scroll area that does not resize its widget
  update();
}

void HeadAtlasView::setSelectedId(int id) {
  selected_id_ = id;
  update();
}

QSize HeadAtlasView::sizeHint() const {
  const int rows = (static_cast<int>(tiles_.size()) + columns_ - 1) / columns_;
  return {columns_ * (kTileWidth + kGap) + kGap, rows * (kImageHeight + kCaptionHeight + kGap) + kGap};
}

QRect HeadAtlasView::tileRect(int index) const {
  const int row = index / columns_, col = index % columns_;
  return {kGap + col * (kTileWidth + kGap), kGap + row * (kImageHeight + kCaptionHeight + kGap), kTileWidth,
          kImageHeight + kCaptionHeight};
}

int HeadAtlasView::tileAt(const QPoint& pos) const {
  for (int i = 0; i < static_cast<int>(tiles_.size()); ++i)
    if (tileRect(i).contains(pos)) return i;
  return -1;
}

void HeadAtlasView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  QFont small = font();
  small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
  painter.setFont(small);
  for (int i = 0; i < static_cast<int>(tiles_.size()); ++i) {
    const AtlasTile& tile = tiles_[static_cast<size_t>(i)];
    const QRect r = tileRect(i);
    const QRect picture(r.left(), r.top(), r.width(), kImageHeight);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    if (!tile.image.isNull()) painter.drawImage(picture, tile.image);
    painter.setPen(palette().text().color());
    painter.drawText(QRect(r.left(), r.top() + kImageHeight, r.width(), kCaptionHeight), Qt::AlignCenter, tile.caption);
    if (tile.id == selected_id_) {
      painter.setPen(QPen(QColor(0, 150, 220), 3));
      painter.drawRect(r.adjusted(-2, -2, 2, 2));
    }
  }
}

void HeadAtlasView::mousePressEvent(QMouseEvent* event) {
  const int index = tileAt(event->pos());
  if (index < 0) return;
  setSelectedId(tiles_[static_cast<size_t>(index)].id);
  emit tileClicked(tiles_[static_cast<size_t>(index)].id);
}

bool HeadAtlasView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int index = tileAt(help->pos());
    if (index >= 0) {
      QToolTip::showText(help->globalPos(), tiles_[static_cast<size_t>(index)].tooltip, this);
    } else {
      QToolTip::hideText();
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace gramt::widgets

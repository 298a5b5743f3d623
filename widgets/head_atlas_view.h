#pragma once
// Small multiples: one tile per (layer, head), each a little picture with a caption, in rows. A
// click selects a tile. Callers make the pictures (an attention map over the patch grid, say) and
// choose the order (layer by layer, or ranked by entropy or attention distance).
#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

namespace gramt::widgets {

struct AtlasTile {
  QString caption;   // e.g. "L3 H7 · 2.1 nats"
  QImage image;      // drawn scaled to the tile, without smoothing (each pixel is a patch)
  QString tooltip;
  int id = 0;        // the caller's identity for the tile (layer·heads + head)
};

class HeadAtlasView : public QWidget {
  Q_OBJECT

 public:
  explicit HeadAtlasView(QWidget* parent = nullptr);

  void setTiles(std::vector<AtlasTile> tiles, int columns);
  const std::vector<AtlasTile>& tiles() const { return tiles_; }
  void setSelectedId(int id);
  int selectedId() const { return selected_id_; }
  int tileAt(const QPoint& pos) const;  // index into tiles(), -1 outside
  QSize sizeHint() const override;

 signals:
  void tileClicked(int id);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  bool event(QEvent* event) override;  // tooltips

 private:
  QRect tileRect(int index) const;

  std::vector<AtlasTile> tiles_;
  int columns_ = 1;
  int selected_id_ = -1;
  static constexpr int kTileWidth = 104, kImageHeight = 44, kCaptionHeight = 16, kGap = 6;
};

}  // namespace gramt::widgets

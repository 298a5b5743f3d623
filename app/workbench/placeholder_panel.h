#pragma once
// Stands in for a panel that is not built yet: its name and what it will do.
#include <QWidget>

namespace gramt::workbench {

class PlaceholderPanel : public QWidget {
  Q_OBJECT

 public:
  PlaceholderPanel(const QString& title, const QString& description, QWidget* parent = nullptr);
};

}  // namespace gramt::workbench

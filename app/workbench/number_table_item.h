#pragma once
// A table cell that shows text but sorts by a number (Qt would compare the text: "10" < "9"); a
// missing value (NaN) sorts after every number.
#include <QTableWidgetItem>

#include <cmath>

namespace gramt::workbench {

class NumberTableItem : public QTableWidgetItem {
 public:
  NumberTableItem(const QString& text, double value) : QTableWidgetItem(text) { setData(Qt::UserRole, value); }
  bool operator<(const QTableWidgetItem& other) const override {
    const double a = data(Qt::UserRole).toDouble(), b = other.data(Qt::UserRole).toDouble();
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return a < b;
  }
};

}  // namespace gramt::workbench

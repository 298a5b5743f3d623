#pragma once
// A QListWidget of checkable names (the Evaluate panel's tasks, the Nat-HEAR dialog's tasks): the
// names, which are ticked, and ticking a set of them, in one place.
#include <QListWidget>
#include <QSignalBlocker>
#include <QStringList>

namespace gramt::workbench {

inline QStringList listedNames(const QListWidget* list) {
  QStringList out;
  for (int i = 0; i < list->count(); ++i) out << list->item(i)->text();
  return out;
}

inline QStringList checkedNames(const QListWidget* list) {
  QStringList out;
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->checkState() == Qt::Checked) out << list->item(i)->text();
  return out;
}

// Ticks exactly `names` (empty: every item) without emitting a change per item.
inline void checkNames(QListWidget* list, const QStringList& names) {
  const QSignalBlocker block(list);
  for (int i = 0; i < list->count(); ++i)
    list->item(i)->setCheckState(names.isEmpty() || names.contains(list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

}  // namespace gramt::workbench

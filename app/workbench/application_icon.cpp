#include "app/workbench/application_icon.h"

// Q_INIT_RESOURCE must be called outside any namespace.
static void initialiseWorkbenchResources() { Q_INIT_RESOURCE(workbench); }

namespace gramt::workbench {

QIcon applicationIcon() {
  initialiseWorkbenchResources();
  QIcon icon;
  for (int size : {16, 24, 32, 48, 64, 128, 256})
    icon.addFile(QStringLiteral(":/icons/app-%1.png").arg(size), QSize(size, size));
  return icon;
}

}  // namespace gramt::workbench

// The workbench's icon, compiled in from resources/workbench.qrc so windows show it even where no
// icon theme is installed (the installed hicolor icons serve the desktop's menus).
#pragma once

#include <QIcon>

namespace gramt::workbench {

QIcon applicationIcon();

}  // namespace gramt::workbench

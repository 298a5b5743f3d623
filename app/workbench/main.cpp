// gramt-workbench: the Qt front end. `gramt-workbench [FILE]` opens FILE in the Inspect panel.
#include <QApplication>
#include <QCommandLineParser>

#include "app/workbench/application_icon.h"
#include "app/workbench/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("GRAM-T"));
  QApplication::setApplicationName(QStringLiteral("GRAM-T Workbench"));
  QApplication::setApplicationVersion(QStringLiteral(GRAMT_VERSION));
  QApplication::setWindowIcon(gramt::workbench::applicationIcon());
  // Ties windows to the installed org.gramt.workbench.desktop (icon and name on Wayland docks).
  QGuiApplication::setDesktopFileName(QStringLiteral("org.gramt.workbench"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("GRAM-T Workbench: inspect, train and evaluate GRAM-T"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("An audio file to open in the Inspect panel"),
                               QStringLiteral("[file]"));
  parser.process(app);

  gramt::workbench::MainWindow window;
  window.show();
  const QStringList files = parser.positionalArguments();
  if (!files.isEmpty()) window.openAudioFile(files.front());
  return QApplication::exec();
}

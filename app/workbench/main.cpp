// gramt-workbench: the Qt front end. `gramt-workbench [FILE]` opens FILE in the Inspect panel.
#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

#include "app/workbench/application_icon.h"
#include "app/workbench/attention_panel.h"
#include "app/workbench/dashboard_bench.h"
#include "app/workbench/embeddings_bench.h"
#include "app/workbench/embeddings_panel.h"
#include "app/workbench/inspect_bench.h"
#include "app/workbench/localization_bench.h"
#include "app/workbench/localization_panel.h"
#include "app/workbench/main_window.h"
#include "app/workbench/train_panel.h"

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
  const QCommandLineOption panel(QStringLiteral("panel"), QStringLiteral("Panel to show first: train, evaluate, inspect, attention, localization or embeddings"),
                                 QStringLiteral("name"));
  const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs folder of the Train, Evaluate and Attention panels (default: ./runs)"),
                                QStringLiteral("dir"));
  const QCommandLineOption tasks(QStringLiteral("tasks"), QStringLiteral("Tasks folder of the Evaluate and Localization panels (default: ./tasks)"),
                                 QStringLiteral("dir"));
  const QCommandLineOption embeddings(QStringLiteral("embeddings"),
                                      QStringLiteral("Embeddings folder of the Evaluate and Embeddings panels (default: ./embeddings)"),
                                      QStringLiteral("dir"));
  const QCommandLineOption model(QStringLiteral("model"),
                                 QStringLiteral("Weights the Attention panel uses (safetensors or a run's checkpoint)"),
                                 QStringLiteral("file"));
  const QCommandLineOption localization(QStringLiteral("localization"),
                                        QStringLiteral("Localization predictions (a task's embeddings folder or its "
                                                       "*.localization-predictions.json) to open in the Localization panel"),
                                        QStringLiteral("path"));
  const QCommandLineOption embeddings_task(QStringLiteral("embeddings-task"),
                                           QStringLiteral("A task's embeddings folder to map in the Embeddings panel"),
                                           QStringLiteral("dir"));
  const QCommandLineOption colour_by(QStringLiteral("colour-by"),
                                     QStringLiteral("With --embeddings-task: colour by label, split or a clip fact (e.g. azimuth_deg)"),
                                     QStringLiteral("key"));
  const QCommandLineOption projection(QStringLiteral("projection"),
                                      QStringLiteral("With --embeddings-task: pca (default) or tsne"), QStringLiteral("method"));
  const QCommandLineOption pick(QStringLiteral("pick"),
                                QStringLiteral("With --embeddings-task: pick clip N (its nearest clips listed)"), QStringLiteral("N"));
  const QCommandLineOption new_run(QStringLiteral("new-run"), QStringLiteral("Open the Train panel's New run form"));
  const QCommandLineOption bench(QStringLiteral("bench"),
                                 QStringLiteral("Measure instead of opening the window: 'dashboard' (the Train panel on a "
                                                "run of a million metric lines), 'inspect' (the Inspect panel on a one-hour stereo file) or "
                                                "'localization' (the Localization panel with 10,000 predictions) or 'embeddings' (the Embeddings "
                                                "panel on 10,000 clips: open, project, redraw)"),
                                 QStringLiteral("what"));
  parser.addOptions({panel, runs, tasks, embeddings, model, localization, embeddings_task, colour_by, projection, pick, new_run, bench});
  parser.process(app);
  if (parser.isSet(bench)) {
    const QString what = parser.value(bench);
    QString report;
    int status = 0;
    if (what == QLatin1String("dashboard")) {
      status = gramt::workbench::runDashboardBench(1000000, &report);
    } else if (what == QLatin1String("inspect")) {
      status = gramt::workbench::runInspectBench(3600.0, &report);
    } else if (what == QLatin1String("localization")) {
      status = gramt::workbench::runLocalizationBench(10000, &report);
    } else if (what == QLatin1String("embeddings")) {
      status = gramt::workbench::runEmbeddingsBench(10000, &report);
    } else {
      std::fprintf(stderr, "gramt-workbench: --bench %s: the benchmarks are dashboard, inspect, localization and embeddings\n",
                   qPrintable(what));
      return 2;
    }
    std::fputs(qPrintable(report), stdout);
    return status;
  }

  // The workspace's folders: every panel that shows one follows them.
  const gramt::workbench::WorkspaceFolders folders{parser.value(runs), parser.value(tasks), parser.value(embeddings)};
  gramt::workbench::MainWindow window(folders);
  if (parser.isSet(model)) window.attentionPanel()->setModel(parser.value(model));
  if (parser.isSet(localization)) {
    window.localizationPanel()->openPredictions(parser.value(localization));
    window.showPanel(gramt::workbench::MainWindow::Localization);
  }
  if (parser.isSet(embeddings_task)) {
    gramt::workbench::EmbeddingsPanel* map = window.embeddingsPanel();
    window.showPanel(gramt::workbench::MainWindow::Embeddings);
    if (map->openFolder(parser.value(embeddings_task))) {
      if (parser.isSet(colour_by)) map->colourBy(parser.value(colour_by));
      if (parser.isSet(projection)) map->setProjection(parser.value(projection));
      if (parser.isSet(pick)) {
        const int index = parser.value(pick).toInt();
        if (map->projectionRunning()) {
          QObject::connect(map, &gramt::workbench::EmbeddingsPanel::projectionFinished, map, [map, index] { map->selectClip(index); });
        } else {
          map->selectClip(index);
        }
      }
    }
  }
  if (parser.isSet(panel) && !window.showPanelNamed(parser.value(panel))) {
    std::fprintf(stderr, "gramt-workbench: --panel %s: no such panel (train, evaluate, inspect, attention, localization, embeddings)\n",
                 qPrintable(parser.value(panel)));
    return 2;
  }
  if (parser.isSet(new_run)) {
    window.showPanel(gramt::workbench::MainWindow::Train);
    window.trainPanel()->showNewRunForm();
  }
  window.show();
  const QStringList files = parser.positionalArguments();
  if (!files.isEmpty()) {
    // A clip named on the command line opens in Inspect, and in Attention when that panel is shown.
    if (window.currentPanel() == gramt::workbench::MainWindow::Attention) {
      window.attentionPanel()->openClip(files.front());
    } else {
      window.openAudioFile(files.front());
    }
  }
  return QApplication::exec();
}

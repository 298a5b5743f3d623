#include "app/workbench/localization_bench.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <cmath>
#include <random>

#include "app/workbench/localization_panel.h"
#include "core/eval/predict/localization_predictions.h"

namespace gramt::workbench {

int runLocalizationBench(int clips, QString* report) {
  QTextStream out(report);
  QTemporaryDir root;
  const QString task_dir = QDir(root.path()).filePath(QStringLiteral("mini_localization"));
  QDir().mkpath(task_dir);
  eval::predict::LocalizationPredictions p;
  p.task_name = "mini_localization";
  p.prediction_type = "cartesian-regression";
  p.fold = "test";
  p.embedding_path = task_dir.toStdString();
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> azimuth(0, 2 * M_PI), elevation(-0.6, 0.6), noise(-0.5, 0.5);
  const char* rooms[] = {"booth", "office", "hall"};
  for (int i = 0; i < clips; ++i) {
    const double a = azimuth(rng), e = elevation(rng), pa = a + noise(rng), pe = e + 0.3 * noise(rng);
    eval::format::ClipFacts facts;
    facts.numbers["snr_db"] = 30.0 * (0.5 + noise(rng));
    facts.numbers["rt60_s"] = 0.8 * (0.5 + noise(rng));
    facts.labels["room"] = rooms[i % 3];
    p.clips.push_back(eval::predict::describe_clip(
        "test_" + std::to_string(i) + ".wav", {std::cos(e) * std::cos(a), std::cos(e) * std::sin(a), std::sin(e)},
        {std::cos(pe) * std::cos(pa), std::cos(pe) * std::sin(pa), std::sin(pe)}, p.prediction_type, facts));
  }
  eval::predict::write_localization_predictions(QDir(task_dir).filePath(QStringLiteral("test.localization-predictions.json")).toStdString(), p);

  LocalizationPanel panel;
  panel.resize(1200, 800);
  panel.show();
  QApplication::processEvents();
  QElapsedTimer clock;
  clock.start();
  if (!panel.openPredictions(task_dir)) {
    out << "localization: could not open the predictions: " << panel.message() << "\n";
    return 1;
  }
  panel.redrawAll();
  const double open_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  std::vector<double> redraws, picks;
  for (int i = 0; i < 7; ++i) {
    clock.restart();
    panel.redrawAll();
    redraws.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
    clock.restart();
    panel.selectClip(i * 997 % clips);
    panel.redrawAll();
    picks.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
  }
  std::sort(redraws.begin(), redraws.end());
  std::sort(picks.begin(), picks.end());
  out << "localization: " << clips << " predictions with clip facts\n";
  out << "  open (read, sort, summarise, draw every view): " << QString::number(open_ms, 'f', 0) << " ms\n";
  out << "  redraw every view: " << QString::number(redraws[redraws.size() / 2], 'f', 0) << " ms (median of 7)\n";
  out << "  pick a clip (highlight everywhere, redraw): " << QString::number(picks[picks.size() / 2], 'f', 0) << " ms\n";
  return 0;
}

}  // namespace gramt::workbench

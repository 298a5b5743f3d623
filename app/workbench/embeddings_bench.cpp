#include "app/workbench/embeddings_bench.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "app/workbench/embeddings_panel.h"
#include "core/eval/format/label_pickle.h"
#include "core/io/npy.h"
#include "widgets/scatter_map_view.h"

namespace gramt::workbench {

namespace {

void writeText(const QString& path, const std::string& text) {
  std::ofstream out(path.toStdString(), std::ios::binary);
  out << text;
}

}  // namespace

void writeSyntheticEmbeddingsTask(const QString& dir, int clips, int width) {
  QDir().mkpath(dir);
  const std::vector<std::pair<std::string, int>> splits{{"train", clips * 8 / 10}, {"valid", clips / 10}, {"test", clips - clips * 9 / 10}};
  nlohmann::json metadata = {{"task_name", "bench_embeddings"}, {"embedding_type", "scene"}, {"prediction_type", "multiclass"},
                             {"split_mode", "trainvaltest"},    {"splits", {"train", "valid", "test"}},
                             {"evaluation", {"top1_acc"}},      {"sample_duration", 1.0}};
  writeText(QDir(dir).filePath(QStringLiteral("task_metadata.json")), metadata.dump(2));
  std::string csv = "idx,label\n";
  for (int c = 0; c < 10; ++c) csv += std::to_string(c) + ",class" + std::to_string(c) + "\n";
  writeText(QDir(dir).filePath(QStringLiteral("labelvocabulary.csv")), csv);
  std::mt19937 rng(11);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  std::uniform_real_distribution<double> turn(0.0, 360.0), lift(-40.0, 40.0), rt60(0.2, 1.5), snr(5.0, 40.0);
  std::vector<std::vector<float>> centres(10, std::vector<float>(static_cast<size_t>(width)));
  for (auto& centre : centres)
    for (float& v : centre) v = 3.0f * noise(rng);
  for (const auto& [split, rows] : splits) {
    QDir(dir).mkpath(QString::fromStdString(split));
    std::vector<float> matrix;
    nlohmann::ordered_json labels = nlohmann::ordered_json::array(), split_json = nlohmann::json::object(),
                           facts = nlohmann::json::object();
    for (int r = 0; r < rows; ++r) {
      const int c = static_cast<int>(rng() % 10);
      const double azimuth = turn(rng);
      const double a = azimuth * M_PI / 180.0;
      std::vector<float> row(static_cast<size_t>(width));
      for (int k = 0; k < width; ++k)
        row[static_cast<size_t>(k)] = centres[static_cast<size_t>(c)][static_cast<size_t>(k)] + noise(rng) +
                                      static_cast<float>(k % 2 == 0 ? 2.0 * std::cos(a) : 2.0 * std::sin(a));
      const std::string file = split + "_" + std::to_string(r) + ".wav";
      io::write_npy(QDir(dir).filePath(QString::fromStdString(split + "/" + file + ".embedding.npy")).toStdString(), row,
                    {width});
      matrix.insert(matrix.end(), row.begin(), row.end());
      labels.push_back({"class" + std::to_string(c)});
      split_json[file] = {"class" + std::to_string(c)};
      facts[file] = {{"azimuth_deg", azimuth}, {"elevation_deg", lift(rng)}, {"rt60_s", rt60(rng)}, {"snr_db", snr(rng)}};
    }
    std::ofstream(QDir(dir).filePath(QString::fromStdString(split + ".embeddings.npy")).toStdString(), std::ios::binary)
        .write(reinterpret_cast<const char*>(matrix.data()), static_cast<std::streamsize>(matrix.size() * sizeof(float)));
    writeText(QDir(dir).filePath(QString::fromStdString(split + ".embedding-dimensions.json")), nlohmann::json::array({rows, width}).dump());
    writeText(QDir(dir).filePath(QString::fromStdString(split + ".target-labels.pkl")), eval::format::encode_label_pickle(labels));
    writeText(QDir(dir).filePath(QString::fromStdString(split + ".json")), split_json.dump());
    writeText(QDir(dir).filePath(QString::fromStdString(split + ".clip-metadata.json")), facts.dump());
  }
}

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int runEmbeddingsBench(int clips, QString* report) {
  QTextStream out(report);
  QTemporaryDir root;
  const QString task_dir = QDir(root.path()).filePath(QStringLiteral("model/bench_embeddings"));
  constexpr int kWidth = 256;
  writeSyntheticEmbeddingsTask(task_dir, clips, kWidth);

  EmbeddingsPanel panel;
  panel.resize(1400, 900);
  panel.show();
  QApplication::processEvents();
  QElapsedTimer clock;
  clock.start();
  if (!panel.openTask(task_dir)) {
    out << "embeddings: could not open the task: " << panel.message() << "\n";
    return 1;
  }
  panel.redrawAll();
  const double open_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  clock.restart();
  panel.colourBy(QStringLiteral("azimuth_deg"));
  panel.redrawAll();
  const double recolour_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  std::vector<double> redraws, picks, hovers;
  for (int i = 0; i < 7; ++i) {
    clock.restart();
    panel.redrawAll();
    redraws.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
    clock.restart();
    panel.selectClip(i * 997 % clips);
    panel.redrawAll();
    picks.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
    clock.restart();
    panel.mapView()->pointAt(panel.mapView()->pixelOf(i * 331 % clips));
    hovers.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
  }
  clock.restart();
  QEventLoop wait;
  bool tsne_ok = false;
  QObject::connect(&panel, &EmbeddingsPanel::projectionFinished, &wait, [&](bool ok) {
    tsne_ok = ok;
    wait.quit();
  });
  panel.setProjection(QStringLiteral("tsne"));
  wait.exec();
  panel.redrawAll();
  const double tsne_s = static_cast<double>(clock.nsecsElapsed()) / 1e9;
  out << "embeddings: " << clips << " clips of " << kWidth << " dimensions with clip facts\n";
  out << "  open (read every split and per-file embedding, PCA, draw): " << QString::number(open_ms, 'f', 0) << " ms\n";
  out << "  recolour by azimuth and redraw: " << QString::number(recolour_ms, 'f', 0) << " ms\n";
  out << "  redraw: " << QString::number(median(redraws), 'f', 0) << " ms (median of 7)\n";
  out << "  pick a clip (10 nearest by cosine, rings, redraw): " << QString::number(median(picks), 'f', 0) << " ms\n";
  out << "  hover (find the point under the mouse): " << QString::number(median(hovers), 'f', 2) << " ms\n";
  out << "  t-SNE (Barnes-Hut, perplexity 30, 750 iterations, off the UI thread) and draw: "
      << (tsne_ok ? QString::number(tsne_s, 'f', 1) + " s" : QStringLiteral("failed")) << "\n";
  return tsne_ok ? 0 : 1;
}

}  // namespace gramt::workbench

// The Evaluate panel on results files and folders the test writes: the matrix (missing cells,
// incomplete s(m), seeds, per-task direction), sorting by number, exports, the detail view, the
// form's command line and its complaints, and bad input shown in words.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "app/workbench/evaluate_panel.h"
#include "core/eval/benchmark/results_file.h"
#include "core/eval/settings/evaluation_settings.h"
#include "widgets/layer_heatmap_view.h"
#include "widgets/seed_score_charts.h"

using gramt::workbench::EvaluatePanel;
namespace bench = gramt::eval::benchmark;

namespace {

bench::TaskScore task(const char* name, std::vector<double> values, double normalised, bool lower = false) {
  bench::TaskScore t;
  t.task = name;
  t.primary_score = lower ? "DOE" : "top1_acc";
  t.values = std::move(values);
  t.lower_is_better = lower;
  bench::summarise_seed_values(t);
  t.normalised = normalised;
  return t;
}

void writeModel(const QString& root, const char* tag, std::vector<bench::TaskScore> tasks) {
  bench::ResultsFile f;
  f.model_tag = tag;
  f.protocol.model_tag = tag;
  f.protocol.seeds = {1, 2};
  f.tasks = std::move(tasks);
  bench::write_results_file(f, QDir(root).filePath(QStringLiteral("%1/results.json").arg(QLatin1String(tag))).toStdString());
}

QString cell(QTableWidget* table, const QString& model, const QString& header_start) {
  int column = -1;
  for (int c = 0; c < table->columnCount(); ++c)
    if (table->horizontalHeaderItem(c)->text().startsWith(header_start)) column = c;
  for (int r = 0; r < table->rowCount(); ++r)
    if (table->item(r, 0)->text() == model) return column < 0 ? QString() : table->item(r, column)->text();
  return {};
}

}  // namespace

class EvaluatePanelTest : public QObject {
  Q_OBJECT

 private slots:
  void matrixShowsEveryModelAndMarksMissingCells() {
    QTemporaryDir emb;
    writeModel(emb.path(), "full", {task("keywords", {0.5, 0.7}, 40.0), task("localization", {20.0, 22.0}, 60.0, true)});
    writeModel(emb.path(), "partial", {task("keywords", {0.9}, 80.0)});
    EvaluatePanel panel;
    panel.setEmbeddingsDir(emb.path());
    QCOMPARE(panel.matrix().models.size(), size_t(2));
    QTableWidget* table = panel.matrixTable();
    QCOMPARE(cell(table, "full", "keywords"), QStringLiteral("0.600 ± 0.141"));  // mean ± sample std over seeds
    QCOMPARE(cell(table, "partial", "keywords"), QStringLiteral("0.900"));       // one seed: no ±
    QCOMPARE(cell(table, "partial", "localization"), QStringLiteral("missing"));
    QCOMPARE(cell(table, "full", "s(m)"), QStringLiteral("50.000"));
    QVERIFY(cell(table, "partial", "s(m)").endsWith(QStringLiteral("†")));  // incomplete, never passed off as complete
    QVERIFY(panel.matrixMessage().contains(QStringLiteral("partial")));
    // Colours per column, direction per task: the lower angular error is the better one.
    writeModel(emb.path(), "worse", {task("keywords", {0.1}, 5.0), task("localization", {80.0}, 5.0, true)});
    panel.reloadResults();
    auto background = [&](const char* model, const char* header) {
      for (int c = 0; c < table->columnCount(); ++c)
        if (table->horizontalHeaderItem(c)->text().startsWith(QLatin1String(header)))
          for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->text() == QLatin1String(model)) return table->item(r, c)->background().color();
      return QColor();
    };
    QVERIFY(background("full", "localization").green() > background("full", "localization").red());
    QVERIFY(background("worse", "localization").red() > background("worse", "localization").green());
    // Sorting by a task column sorts numbers, missing last.
    int keywords = -1;
    for (int c = 0; c < table->columnCount(); ++c)
      if (table->horizontalHeaderItem(c)->text() == QStringLiteral("keywords")) keywords = c;
    QVERIFY(keywords > 0);
    table->sortItems(keywords, Qt::DescendingOrder);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("partial"));
    QCOMPARE(table->item(2, 0)->text(), QStringLiteral("worse"));
  }

  void meanCarriesItsSpreadOverSeeds() {
    // Per-seed normalised scores: (30 + 50) / 2 and (50 + 70) / 2 give s(m) 40 and 60, std 14.142.
    QTemporaryDir emb;
    std::vector<bench::TaskScore> spread{task("keywords", {0.5, 0.7}, 40.0), task("localization", {20.0, 22.0}, 60.0, true)};
    spread[0].normalised_values = {30.0, 50.0};
    spread[1].normalised_values = {50.0, 70.0};
    writeModel(emb.path(), "seeded", spread);
    writeModel(emb.path(), "baseline-logmel", {task("keywords", {0.4, 0.4}, 20.0), task("localization", {50.0, 50.0}, 10.0, true)});
    EvaluatePanel panel;
    panel.setEmbeddingsDir(emb.path());
    QCOMPARE(cell(panel.matrixTable(), "seeded", "s(m)"), QStringLiteral("50.000 ± 14.142"));
    QCOMPARE(cell(panel.matrixTable(), "baseline-logmel", "s(m)"), QStringLiteral("15.000"));  // no per-seed values: no ±
  }

  void chartsShowSeedBoxesBarsAndTheLayerHeatmap() {
    QTemporaryDir emb;
    writeModel(emb.path(), "a", {task("keywords", {0.5, 0.7, 0.6}, 40.0), task("localization", {20.0, 22.0}, 60.0, true)});
    writeModel(emb.path(), "b", {task("keywords", {0.8, 0.9}, 80.0)});
    // A layer sweep of model m: layers 0 and 2, keywords best at 2, the error lowest at 0.
    for (int layer : {0, 2}) {
      bench::ResultsFile f;
      f.model_tag = "m-layer=" + std::to_string(layer);
      f.protocol.model_tag = f.model_tag;
      f.protocol.layer = layer;
      f.tasks = {task("keywords", {layer == 0 ? 0.3 : 0.6}, 10.0), task("localization", {layer == 0 ? 30.0 : 40.0}, 20.0, true)};
      bench::write_results_file(f, QDir(emb.path()).filePath(QString::fromStdString(f.model_tag + "/results.json")).toStdString());
    }
    EvaluatePanel panel;
    panel.resize(1400, 900);
    panel.setEmbeddingsDir(emb.path());
    QCOMPARE(panel.charts()->barSetCount(), 4);  // a, b and the two layers as rows of the matrix
    int keywords = -1;
    for (size_t t = 0; t < panel.matrix().tasks.size(); ++t)
      if (panel.matrix().tasks[t] == "keywords") keywords = static_cast<int>(t);
    panel.showCellDetail(0, keywords);
    QCOMPARE(panel.charts()->boxCount(), 4);
    const std::vector<double> box = gramt::widgets::boxStatistics({0.5, 0.7, 0.6, NAN});
    QCOMPARE(box.size(), size_t(5));
    QCOMPARE(box[0], 0.5);
    QCOMPARE(box[2], 0.6);
    QCOMPARE(box[4], 0.7);
    QCOMPARE(panel.layerSweeps(), QStringList{QStringLiteral("m")});
    QCOMPARE(panel.layerHeatmap()->markedCells(), 2);  // one best layer per task
    QTemporaryDir out;
    QString error;
    QVERIFY2(panel.charts()->savePicture(0, out.filePath(QStringLiteral("box.png")), &error), qPrintable(error));
    QVERIFY2(panel.charts()->savePicture(1, out.filePath(QStringLiteral("bars.pdf")), &error), qPrintable(error));
    QVERIFY(QImage(out.filePath(QStringLiteral("box.png"))).width() > 100);
    QVERIFY(QFileInfo(out.filePath(QStringLiteral("bars.pdf"))).size() > 500);
  }

  void exportsAreWrittenWhole() {
    QTemporaryDir emb;
    writeModel(emb.path(), "model_a", {task("mini_keywords", {0.5, 0.7}, 40.0)});
    EvaluatePanel panel;
    panel.setEmbeddingsDir(emb.path());
    for (auto [format, name, expected] :
         {std::tuple{EvaluatePanel::ExportFormat::Csv, "m.csv", "model_a"},
          std::tuple{EvaluatePanel::ExportFormat::Markdown, "m.md", "0.600 ± 0.141"},
          std::tuple{EvaluatePanel::ExportFormat::Latex, "m.tex", "model\\_a"}}) {
      const QString path = QDir(emb.path()).filePath(QLatin1String(name));
      QString error;
      QVERIFY2(panel.exportMatrix(path, format, &error), qPrintable(error));
      QFile file(path);
      QVERIFY(file.open(QIODevice::ReadOnly));
      QVERIFY2(QString::fromUtf8(file.readAll()).contains(QString::fromUtf8(expected)), name);
    }
    QString error;
    QVERIFY(!panel.exportMatrix(QStringLiteral("/nonexistent-folder/m.csv"), EvaluatePanel::ExportFormat::Csv, &error));
    QVERIFY(error.contains(QStringLiteral("/nonexistent-folder/m.csv")));
  }

  void badResultsFilesAreNamedAndTheRestLoads() {
    QTemporaryDir emb;
    writeModel(emb.path(), "good", {task("keywords", {0.5}, 40.0)});
    QDir().mkpath(QDir(emb.path()).filePath(QStringLiteral("future")));
    QFile future(QDir(emb.path()).filePath(QStringLiteral("future/results.json")));
    QVERIFY(future.open(QIODevice::WriteOnly));
    future.write("{\"format_version\": 99, \"model_tag\": \"x\", \"tasks\": []}");
    future.close();
    QDir().mkpath(QDir(emb.path()).filePath(QStringLiteral("cut")));
    QFile cut(QDir(emb.path()).filePath(QStringLiteral("cut/results.json")));
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write("{\"format_version\": 2, \"model_ta");  // cut short
    cut.close();
    EvaluatePanel panel;
    panel.setEmbeddingsDir(emb.path());
    QCOMPARE(panel.matrix().models, std::vector<std::string>{"good"});
    const QString message = panel.matrixMessage();
    QVERIFY2(message.contains(QStringLiteral("future/results.json")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("cut/results.json")), qPrintable(message));
    // An embeddings folder that does not exist: an empty matrix, said in words.
    panel.setEmbeddingsDir(QDir(emb.path()).filePath(QStringLiteral("nowhere")));
    QVERIFY(panel.matrix().models.empty());
    QVERIFY(panel.matrixMessage().contains(QStringLiteral("No results yet")));
  }

  void formBuildsTheCommandAndSaysWhatIsMissing() {
    QTemporaryDir ws;
    EvaluatePanel panel;
    panel.setWeights(QString());
    QVERIFY(panel.formError().startsWith(QStringLiteral("Weights")));
    const QString weights = QDir(ws.path()).filePath(QStringLiteral("w.safetensors"));
    QFile w(weights);
    QVERIFY(w.open(QIODevice::WriteOnly));
    w.write("x");
    w.close();
    panel.setWeights(weights);
    const QString tasks = QDir(ws.path()).filePath(QStringLiteral("tasks"));
    QDir().mkpath(tasks + QStringLiteral("/not-a-task"));
    panel.setTasksDir(tasks);
    QVERIFY(panel.formError().contains(QStringLiteral("no task folders")));
    for (const char* name : {"alpha", "beta"}) {
      QDir().mkpath(tasks + QLatin1Char('/') + QLatin1String(name));
      QFile meta(tasks + QLatin1Char('/') + QLatin1String(name) + QStringLiteral("/task_metadata.json"));
      QVERIFY(meta.open(QIODevice::WriteOnly));
      meta.write("{}");
    }
    panel.setTasksDir(tasks);
    QCOMPARE(panel.availableTasks(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    panel.setEmbeddingsDir(QDir(ws.path()).filePath(QStringLiteral("emb")));
    panel.setSeeds(QStringLiteral("1, x"));
    QVERIFY(panel.formError().contains(QStringLiteral("Seeds")));
    panel.setSeeds(QStringLiteral("1,2,3"));
    panel.setGrid(QStringLiteral("default"), 8);
    QVERIFY2(panel.formError().isEmpty(), qPrintable(panel.formError()));
    QStringList args = panel.evaluateArguments();
    QCOMPARE(args.front(), QStringLiteral("evaluate"));
    QVERIFY(args.contains(QStringLiteral("--seeds")) && args.contains(QStringLiteral("1,2,3")));
    QVERIFY(!args.contains(QStringLiteral("--task")));  // every task: no list
    QVERIFY(args.contains(QStringLiteral("--with-baselines")));  // the reference rows by default
    panel.setWithBaselines(false);
    QVERIFY(!panel.evaluateArguments().contains(QStringLiteral("--with-baselines")));
    panel.setWithBaselines(true);
    panel.setSelectedTasks({QStringLiteral("beta")});
    args = panel.evaluateArguments();
    QCOMPARE(args.count(QStringLiteral("--task")), 1);
    QVERIFY(panel.commandLine().startsWith(QStringLiteral("gramt-cli evaluate --weights ")));
    panel.setSelectedTasks({QStringLiteral("nothing")});
    QVERIFY(panel.formError().contains(QStringLiteral("Tasks")));
  }

  void formIsBuiltFromTheDeclaredSettings() {
    // In process by default: the widgets hold the declared defaults and ranges.
    EvaluatePanel declared;
    const auto& grid_points = gramt::eval::settings::evaluation_setting("grid-points").annotation;
    auto* points = declared.findChild<QSpinBox*>(QStringLiteral("grid-points"));
    QVERIFY(points != nullptr);
    QCOMPARE(points->value(), grid_points.default_value.get<int>());
    QCOMPARE(points->maximum(), static_cast<int>(*grid_points.max));
    auto* strategy = declared.findChild<QComboBox*>(QStringLiteral("strategy"));
    QVERIFY(strategy != nullptr);
    QCOMPARE(strategy->count(), static_cast<int>(gramt::eval::settings::evaluation_setting("strategy").annotation.choices.size()));
    QCOMPARE(declared.settingText(QStringLiteral("seeds")),
             QString::number(gramt::eval::settings::evaluation_setting("seed").annotation.default_value.get<int>()));

    // A schema with a changed default and range, a new grid and a new setting: the form follows.
    QJsonObject schema = EvaluatePanel::declaredSettingsSchema(nullptr);
    QJsonArray rows = schema.value(QStringLiteral("settings")).toArray();
    for (int i = 0; i < rows.size(); ++i) {
      QJsonObject row = rows[i].toObject();
      if (row.value(QStringLiteral("key")) == QStringLiteral("grid-points")) {
        row[QStringLiteral("default")] = 5;
        row[QStringLiteral("max")] = 50;
      } else if (row.value(QStringLiteral("key")) == QStringLiteral("grid")) {
        QJsonArray choices = row.value(QStringLiteral("choices")).toArray();
        choices.append(QStringLiteral("huge"));
        row[QStringLiteral("choices")] = choices;
        row[QStringLiteral("default")] = QStringLiteral("huge");
      }
      rows[i] = row;
    }
    rows.append(QJsonObject{{QStringLiteral("key"), QStringLiteral("new-knob")}, {QStringLiteral("option"), QStringLiteral("--new-knob")},
                            {QStringLiteral("type"), QStringLiteral("int")}, {QStringLiteral("default"), 3},
                            {QStringLiteral("min"), 1}, {QStringLiteral("max"), 9}, {QStringLiteral("choices"), QJsonValue()},
                            {QStringLiteral("help"), QStringLiteral("a setting the panel has never heard of")}});
    schema[QStringLiteral("settings")] = rows;
    EvaluatePanel panel(nullptr, nullptr, [schema](QString*) { return schema; });
    points = panel.findChild<QSpinBox*>(QStringLiteral("grid-points"));
    QVERIFY(points != nullptr);
    QCOMPARE(points->value(), 5);
    QCOMPARE(points->maximum(), 50);
    auto* grid = panel.findChild<QComboBox*>(QStringLiteral("grid"));
    QVERIFY(grid != nullptr);
    QCOMPARE(grid->currentText(), QStringLiteral("huge"));
    QStringList args = panel.evaluateArguments();
    QCOMPARE(args.value(args.indexOf(QStringLiteral("--grid-points")) + 1), QStringLiteral("5"));
    QCOMPARE(args.value(args.indexOf(QStringLiteral("--grid")) + 1), QStringLiteral("huge"));
    panel.setGrid(QStringLiteral("default"), 100);  // beyond the declared range: held at its end
    QCOMPARE(panel.settingText(QStringLiteral("grid-points")), QStringLiteral("50"));
    // The new setting sits under Advanced, on the command line only when changed.
    auto* knob = panel.findChild<QSpinBox*>(QStringLiteral("new-knob"));
    QVERIFY(knob != nullptr);
    QVERIFY(!knob->isVisibleTo(&panel));  // Advanced starts closed
    QVERIFY(!panel.evaluateArguments().contains(QStringLiteral("--new-knob")));
    QVERIFY(panel.setSetting(QStringLiteral("new-knob"), QStringLiteral("4")));
    args = panel.evaluateArguments();
    QCOMPARE(args.value(args.indexOf(QStringLiteral("--new-knob")) + 1), QStringLiteral("4"));
    // Declared advanced settings: a flag, a number, one without a default of its own.
    QVERIFY(!args.contains(QStringLiteral("--force")) && !args.contains(QStringLiteral("--workers")) &&
            !args.contains(QStringLiteral("--layer")));
    QVERIFY(panel.setSetting(QStringLiteral("force"), QStringLiteral("true")));
    QVERIFY(panel.setSetting(QStringLiteral("workers"), QStringLiteral("3")));
    QVERIFY(panel.setSetting(QStringLiteral("layer"), QStringLiteral("2")));
    args = panel.evaluateArguments();
    QVERIFY(args.contains(QStringLiteral("--force")));
    QCOMPARE(args.value(args.indexOf(QStringLiteral("--workers")) + 1), QStringLiteral("3"));
    QCOMPARE(args.value(args.indexOf(QStringLiteral("--layer")) + 1), QStringLiteral("2"));
    QVERIFY(!args.contains(QStringLiteral("--seed")));  // the Seeds field stands for it
    QVERIFY(!panel.setSetting(QStringLiteral("grid"), QStringLiteral("no-such-grid")));

    // A schema that cannot be had is said in the form, which then does not run.
    EvaluatePanel broken(nullptr, nullptr, [](QString* error) {
      *error = QStringLiteral("gramt-cli evaluate --schema printed nothing");
      return QJsonObject();
    });
    QVERIFY(broken.formError().contains(QStringLiteral("printed nothing")));
  }
};

QTEST_MAIN(EvaluatePanelTest)
#include "evaluate_panel_test.moc"

// Grid points in plain words: each hyper-parameter value as a reader says it (the Python class and
// function strings the kits write, lists, short floats), the table of a task's grid points, and the
// Evaluate panel's detail showing it for a clicked score.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/workbench/evaluate_panel.h"
#include "app/workbench/grid_point_text.h"
#include "core/eval/benchmark/results_file.h"
#include "core/eval/predict/param_grid.h"

using gramt::workbench::gridPointsHtml;
using gramt::workbench::hyperParameterText;
using nlohmann::json;
namespace bench = gramt::eval::benchmark;
namespace predict = gramt::eval::predict;

namespace {

// The default grid's points as the core writes them into a task's grid-search record.
std::vector<bench::GridPointResult> defaultGrid(size_t chosen) {
  std::vector<bench::GridPointResult> grid;
  for (const auto& conf : predict::enumerate_param_grid(predict::builtin_param_grid(predict::GridName::default_grid, predict::KitFlavour::hear))) {
    bench::GridPointResult point;
    point.params_json = predict::hparams_json(conf).dump();
    point.validation_score = 0.5 + 0.01 * static_cast<double>(grid.size());
    point.epochs = 30;
    point.chosen = grid.size() == chosen;
    grid.push_back(point);
  }
  return grid;
}

QTextTable* firstTable(QTextDocument& document) {
  for (QTextFrame* frame : document.rootFrame()->childFrames())
    if (auto* table = qobject_cast<QTextTable*>(frame)) return table;
  return nullptr;
}

QString cellText(QTextTable* table, int row, int column) {
  const QTextTableCell cell = table->cellAt(row, column);
  QTextCursor cursor = cell.firstCursorPosition();
  cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor::KeepAnchor);
  return cursor.selectedText();
}

}  // namespace

class GridPointTextTest : public QObject {
  Q_OBJECT

 private slots:
  void pythonObjectsAreNamedPlainly() {
    // The strings the core writes (param_grid.cpp), read back from a real grid point.
    const json point = predict::hparams_json(
        predict::enumerate_param_grid(predict::builtin_param_grid(predict::GridName::default_grid, predict::KitFlavour::hear)).front());
    QCOMPARE(hyperParameterText(point["embedding_norm"]), QStringLiteral("Identity"));
    QCOMPARE(hyperParameterText(point["hidden_norm"]), QStringLiteral("BatchNorm1d"));
    QCOMPARE(hyperParameterText(point["optim"]), QStringLiteral("Adam"));
    QCOMPARE(hyperParameterText(point["initialization"]), QStringLiteral("xavier_uniform"));
    // A Python kit's str() of a function carries its address.
    QCOMPARE(hyperParameterText(json("<function xavier_normal_ at 0x7f3a2c1b0ee0>")), QStringLiteral("xavier_normal"));
    QCOMPARE(hyperParameterText(json("<class 'torch.optim.adam.Adam'>")), QStringLiteral("Adam"));
    // The kit file the tests keep (tests/data/eval).
    std::ifstream in(GRAMT_TEST_DATA_DIR "/eval/kit_json_expected.json");
    QVERIFY(in.good());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const char* nonfinite : {"-Infinity", "Infinity", "NaN"})
      for (size_t at = text.find(nonfinite); at != std::string::npos; at = text.find(nonfinite)) text.replace(at, std::strlen(nonfinite), "null");
    const json kit = json::parse(text);
    QCOMPARE(hyperParameterText(kit["hparams"]["hidden_norm"]), QStringLiteral("BatchNorm1d"));
    QCOMPARE(hyperParameterText(kit["hparams"]["lr"]), QStringLiteral("0.0032"));
    QCOMPARE(hyperParameterText(kit["postprocessing"]), QStringLiteral("(median_filter_ms, 250), (min_duration, 125)"));
    // Ordinary text stays as it is.
    QCOMPARE(hyperParameterText(json("<class 'torch>")), QStringLiteral("<class 'torch>"));
    QCOMPARE(hyperParameterText(json("relu")), QStringLiteral("relu"));
  }

  void numbersListsAndTruthAreShort() {
    QCOMPARE(hyperParameterText(json::parse("[1024, 1024]")), QStringLiteral("1024, 1024"));
    QCOMPARE(hyperParameterText(json(3.2e-4)), QStringLiteral("0.00032"));
    QCOMPARE(hyperParameterText(json(1e-5)), QStringLiteral("1e-5"));
    QCOMPARE(hyperParameterText(json(1e16)), QStringLiteral("1e16"));
    QCOMPARE(hyperParameterText(json(0.1 + 0.2)), QStringLiteral("0.3"));
    QCOMPARE(hyperParameterText(json(123456789.0)), QStringLiteral("1.235e8"));
    QCOMPARE(hyperParameterText(json(3.0)), QStringLiteral("3"));
    QCOMPARE(hyperParameterText(json(500)), QStringLiteral("500"));
    QCOMPARE(hyperParameterText(json(-2)), QStringLiteral("-2"));
    QCOMPARE(hyperParameterText(json(false)), QStringLiteral("no"));
    QCOMPARE(hyperParameterText(json(true)), QStringLiteral("yes"));
    QCOMPARE(hyperParameterText(json()), QStringLiteral("—"));
    QCOMPARE(hyperParameterText(json::array()), QString());
    QCOMPARE(hyperParameterText(json::parse(R"({"a_b": [1, 2], "c": "<class 'x.Y'>"})")), QStringLiteral("a b (1, 2), c Y"));
  }

  void tableHasARowPerPointAndAColumnPerVaryingHyperParameter() {
    const auto grid = defaultGrid(5);
    QTextDocument document;
    document.setHtml(gridPointsHtml(grid));
    const QString plain = document.toPlainText().replace(QChar(0xA0), QLatin1Char(' '));  // items do not break inside
    QVERIFY2(!plain.contains(QStringLiteral("<class")) && !plain.contains(QStringLiteral("torch.")), qPrintable(plain));
    QVERIFY2(!plain.contains(QLatin1Char('{')), qPrintable(plain));
    // What every point shares, said once.
    QVERIFY2(plain.contains(QStringLiteral("embedding norm Identity")), qPrintable(plain));
    QVERIFY2(plain.contains(QStringLiteral("optim Adam")), qPrintable(plain));
    QVERIFY2(plain.contains(QStringLiteral("batch size 1024")), qPrintable(plain));
    QTextTable* table = firstTable(document);
    QVERIFY(table != nullptr);
    QCOMPARE(table->rows(), static_cast<int>(grid.size()) + 1);
    QStringList headers;
    for (int c = 0; c < table->columns(); ++c) headers << cellText(table, 0, c);
    QCOMPARE(headers, (QStringList{QStringLiteral("point"), QStringLiteral("validation"), QStringLiteral("epochs"),
                                   QStringLiteral("hidden layers"), QStringLiteral("initialization"), QStringLiteral("lr")}));
    // Row 6 is grid point 6, the chosen one, marked; the others are not.
    QCOMPARE(cellText(table, 6, 0), QStringLiteral("6 ✔"));
    QCOMPARE(cellText(table, 1, 0), QStringLiteral("1"));
    QCOMPARE(cellText(table, 6, 1), QStringLiteral("0.550"));
    const json sixth = json::parse(grid[5].params_json);
    QCOMPARE(cellText(table, 6, 3), hyperParameterText(sixth["hidden_layers"]));
    QCOMPARE(cellText(table, 6, 4), hyperParameterText(sixth["initialization"]));
    QCOMPARE(cellText(table, 6, 5), hyperParameterText(sixth["lr"]));
    QCOMPARE(plain.count(QStringLiteral("✔")), 2);  // the heading's key and the chosen row
  }

  void protocolQuotesNoJson() {
    const std::string protocol =
        "grid default (kit listen), 8 grid points chosen with seed 1 on cpu; best: grid point 2; score mode max; hparams "
        "{\"dropout\":0.1,\"embedding_norm\":\"<class 'torch.nn.modules.linear.Identity'>\",\"note\":\"a } in text\"}; "
        "post-processing [[\"median_filter_ms\",250],[\"min_duration\",500]]; over folds 0.5 ± 0.1";
    QTextDocument document;
    document.setHtml(gramt::workbench::protocolHtml(protocol));
    const QStringList lines = document.toPlainText().split(QLatin1Char('\n'));  // <br>
    QCOMPARE(lines, (QStringList{QStringLiteral("grid default (kit listen), 8 grid points chosen with seed 1 on cpu"),
                                 QStringLiteral("best: grid point 2"), QStringLiteral("score mode max"),
                                 QStringLiteral("hparams: dropout 0.1, embedding norm Identity, note a } in text"),
                                 QStringLiteral("post-processing: (median_filter_ms, 250), (min_duration, 500)"),
                                 QStringLiteral("over folds 0.5 ± 0.1")}));
    // Text that only looks like JSON stays as it is, escaped.
    QCOMPARE(gramt::workbench::protocolHtml("a {b <c>"), QStringLiteral("a {b &lt;c&gt;"));
  }

  void evaluatePanelShowsTheTableForAClickedScore() {
    QTemporaryDir emb;
    bench::ResultsFile f;
    f.model_tag = "model";
    bench::TaskScore score;
    score.task = "keywords";
    score.primary_score = "top1_acc";
    score.values = {0.5};
    bench::summarise_seed_values(score);
    f.tasks.push_back(score);
    bench::write_results_file(f, QDir(emb.path()).filePath(QStringLiteral("model/results.json")).toStdString());
    // The task's kit file beside it, with its grid-search record.
    json points = json::array();
    for (const auto& point : defaultGrid(3))
      points.push_back({{"hparams", json::parse(point.params_json)}, {"validation_score", point.validation_score}, {"epochs_trained", 30}});
    const json scores{{"test", {{"test_score", 0.5}}}, {"score_mode", "best"},
                      {"grid_search", {{"grid", "default"}, {"kit", "hear"}, {"best_grid_point", 3}, {"points", points}}}};
    QDir().mkpath(QDir(emb.path()).filePath(QStringLiteral("model/keywords")));
    QFile file(QDir(emb.path()).filePath(QStringLiteral("model/keywords/test.predicted-scores.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(scores.dump()));
    file.close();
    gramt::workbench::EvaluatePanel panel;
    panel.setEmbeddingsDir(emb.path());
    panel.showCellDetail(0, 0);
    const QString detail = panel.detailText();
    QVERIFY2(detail.contains(QStringLiteral("Every grid point")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("4 ✔")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("xavier_uniform")), qPrintable(detail));
    QVERIFY2(!detail.contains(QStringLiteral("\"hidden_layers\"")), qPrintable(detail));  // no JSON line
  }
};

QTEST_MAIN(GridPointTextTest)
#include "grid_point_text_test.moc"

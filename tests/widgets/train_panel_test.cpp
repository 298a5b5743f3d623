// The Train panel on run folders the test writes: runs listed with their status, new points
// showing while the test appends, TensorBoard smoothing over every point, resumed runs, the
// reconstruction scrubber linked to the curves, bad input shown in words, and the New run form
// built from the real `gramt-cli train --schema`.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "app/workbench/new_run_form.h"
#include "app/workbench/train_panel.h"
#include "core/common/debiased_ema.h"
#include "core/train/run_folder.h"
#include "widgets/labelled_image_grid.h"
#include "widgets/metric_chart.h"

using gramt::workbench::TrainPanel;

namespace {

// A run folder as gramt-cli train leaves it, written piece by piece.
struct FakeRun {
  QString dir;

  FakeRun(const QString& root, const QString& name, bool with_config = true) : dir(QDir(root).filePath(name)) {
    QDir().mkpath(dir);
    if (with_config) write(QStringLiteral("config.yaml"), "seed: 42\n");
  }
  void write(const QString& file, const QByteArray& bytes, bool append = false) const {
    QFile f(QDir(dir).filePath(file));
    QVERIFY(f.open(append ? QIODevice::Append : QIODevice::WriteOnly));
    f.write(bytes);
  }
  void step(int64_t step, double loss, double time = 0) const {
    QJsonObject o{{"event", "step"}, {"step", static_cast<qint64>(step)}, {"time", time > 0 ? time : 1.7e9 + static_cast<double>(step)},
                  {"lr", 1e-4}, {"crops_per_s", 50.0}, {"data_wait", 0.05}, {"step_seconds", 0.3}};
    o.insert(QStringLiteral("loss"), std::isfinite(loss) ? QJsonValue(loss) : QJsonValue(QJsonValue::Null));
    write(QStringLiteral("metrics.jsonl"), QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n", true);
  }
  void event(const QString& kind, int64_t step) const {
    const QJsonObject o{{"event", kind}, {"step", static_cast<qint64>(step)}, {"time", 1.7e9 + static_cast<double>(step)}};
    write(QStringLiteral("metrics.jsonl"), QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n", true);
  }
  void status(gramt::train::RunState state, int64_t step, int64_t total) const {
    gramt::train::RunStatus s;
    s.state = state;
    s.step = step;
    s.steps_total = total;
    s.host = gramt::train::this_host_name();
    s.pid = state == gramt::train::RunState::running ? QCoreApplication::applicationPid() : 0;
    gramt::train::write_run_status(gramt::train::RunFolder(dir.toStdString()), s);
  }
  void image(int64_t step, const char* tag) const {
    QImage picture(40, 20, QImage::Format_RGB32);
    picture.fill(QColor(30, 90, 160));
    QDir().mkpath(QDir(dir).filePath(QStringLiteral("images")));
    QVERIFY(picture.save(QString::fromStdString(gramt::train::RunFolder(dir.toStdString()).image_path(step, tag))));
  }
  void checkpoint(int64_t step) const {
    const gramt::train::RunFolder run(dir.toStdString());
    QDir().mkpath(QString::fromStdString(run.checkpoints_dir()));
    for (const std::string& path : {run.checkpoint_weights_path(step), run.checkpoint_state_path(step)}) {
      QFile f(QString::fromStdString(path));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("x");
    }
  }
};

int rowOf(QTableWidget* table, const QString& name) {
  for (int row = 0; row < table->rowCount(); ++row)
    if (table->item(row, 0)->text() == name) return row;
  return -1;
}

}  // namespace

class TrainPanelTest : public QObject {
  Q_OBJECT

 private slots:
  void listsRunsWithStatusStepAndLoss() {
    QTemporaryDir root;
    FakeRun a(root.path(), QStringLiteral("alpha"));
    for (int s = 1; s <= 10; ++s) a.step(s, 3.0 - 0.1 * s);
    a.status(gramt::train::RunState::finished, 10, 10);
    FakeRun b(root.path(), QStringLiteral("beta"));
    b.step(1, 2.5, 1.8e9);  // started after alpha
    b.step(2, 2.4, 1.8e9 + 2);
    b.status(gramt::train::RunState::running, 2, 100);
    QDir().mkpath(QDir(root.path()).filePath(QStringLiteral("not-a-run")));

    TrainPanel panel;
    panel.setRunsRoot(root.path());
    QCOMPARE(panel.runNames(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    auto* table = panel.findChild<QTableWidget*>();
    QVERIFY(table != nullptr);
    const int row = rowOf(table, QStringLiteral("alpha"));
    QCOMPARE(table->item(row, 1)->text(), QStringLiteral("finished"));
    QCOMPARE(table->item(row, 2)->text(), QStringLiteral("10 / 10"));
    QCOMPARE(table->item(row, 3)->text(), QStringLiteral("2"));
    QCOMPARE(table->item(rowOf(table, QStringLiteral("beta")), 1)->text(), QStringLiteral("running"));
    // Nothing chosen by the user: the run that started last is shown.
    QCOMPARE(panel.selectedRuns(), QStringList{QStringLiteral("beta")});
    QVERIFY(!panel.etaText().isEmpty());  // a running run with a step budget has an ETA

    // A run folder created later appears without any action.
    FakeRun c(root.path(), QStringLiteral("gamma"));
    c.step(1, 1.0);
    QVERIFY(QTest::qWaitFor([&] { return panel.runNames().contains(QStringLiteral("gamma")); }, 5000));
  }

  void anEmptyRunsFolderSaysWhatToDoFirst() {
    QTemporaryDir root;
    TrainPanel panel;
    panel.setRunsRoot(root.path());
    auto* hint = panel.findChild<QWidget*>(QStringLiteral("noRuns"));
    QVERIFY(hint != nullptr);
    QVERIFY(!hint->isHidden());
    const QString text = panel.findChild<QLabel*>(QStringLiteral("noRunsText"))->text();
    QVERIFY2(text.contains(QStringLiteral("New run")) && text.contains(QStringLiteral("about a minute")), qPrintable(text));
    auto* plot = panel.findChild<QWidget*>(QStringLiteral("trainCurves"));
    QVERIFY(plot != nullptr);
    QVERIFY(!plot->isVisibleTo(&panel));  // no empty axes on a first launch
    FakeRun a(root.path(), QStringLiteral("alpha"));
    a.step(1, 1.0);
    QVERIFY(QTest::qWaitFor([&] { return panel.runNames().contains(QStringLiteral("alpha")); }, 5000));
    QVERIFY(hint->isHidden());
    QVERIFY(plot->isVisibleTo(&panel));
  }

  void newPointsAppearWhileTheRunWrites() {
    QTemporaryDir root;
    FakeRun run(root.path(), QStringLiteral("live"));
    run.step(1, 3.0);
    TrainPanel panel;
    panel.setRunsRoot(root.path());
    panel.selectRuns({QStringLiteral("live")});
    QCOMPARE(panel.chart()->series().at(0).x->size(), size_t(1));
    for (int s = 2; s <= 5; ++s) run.step(s, 3.0 - 0.2 * s);
    // The panel polls by itself twice a second: the points show within a second.
    QElapsedTimer clock;
    clock.start();
    QVERIFY(QTest::qWaitFor([&] { return panel.chart()->series().at(0).x->size() == 5; }, 3000));
    QVERIFY(clock.elapsed() < 2000);
    // Half a line (the writer is still at work) is never shown.
    run.write(QStringLiteral("metrics.jsonl"), "{\"event\": \"step\", \"step\": 6, \"lo", true);
    QTest::qWait(1200);
    QCOMPARE(panel.chart()->series().at(0).x->size(), size_t(5));
    run.write(QStringLiteral("metrics.jsonl"), "ss\": 1.0, \"time\": 1700000006.0}\n", true);
    QVERIFY(QTest::qWaitFor([&] { return panel.chart()->series().at(0).x->size() == 6; }, 3000));
  }

  void smoothingIsTensorBoardsOverEveryPoint() {
    QTemporaryDir root;
    FakeRun run(root.path(), QStringLiteral("long"));
    QByteArray lines;
    std::vector<double> losses;
    for (int s = 1; s <= 20000; ++s) {
      const double loss = 2.0 + std::sin(s * 0.37) + (s % 97 == 0 ? 5.0 : 0.0);  // noise and spikes
      losses.push_back(loss);
      // (no raw string literals in this file: moc does not read them)
      lines += QStringLiteral("{\"event\":\"step\",\"step\":%1,\"time\":%2,\"loss\":%3,\"lr\":0.0001,\"crops_per_s\":50,\"data_wait\":0.1}")
                   .arg(s).arg(1.7e9 + s, 0, 'f', 1).arg(loss, 0, 'g', 17).toUtf8() + "\n";
    }
    run.write(QStringLiteral("metrics.jsonl"), lines);
    TrainPanel panel;
    panel.resize(1000, 700);
    panel.setRunsRoot(root.path());
    panel.selectRuns({QStringLiteral("long")});
    panel.setSmoothing(0.6);
    const auto& series = panel.chart()->series().at(0);
    QCOMPARE(*series.raw, losses);
    QCOMPARE(*series.smoothed, gramt::debiased_ema(losses, 0.6));
    panel.setSmoothing(0.95);
    QCOMPARE(*panel.chart()->series().at(0).smoothed, gramt::debiased_ema(losses, 0.95));
    // Drawn: a decimation of the visible range (two curves), never all 40000 points.
    QVERIFY(panel.chart()->drawnPointCount() > 0);
    QVERIFY(panel.chart()->drawnPointCount() < 20000);
    // The spikes survive the decimation: the raw curve's maximum is still drawn.
    double drawn_max = -1;
    for (const auto& p : *panel.chart()->graph(0)->data()) drawn_max = std::max(drawn_max, p.value);
    QCOMPARE(drawn_max, *std::max_element(losses.begin(), losses.end()));
  }

  void resumedRunKeepsTheLastRecordPerStepAndMarksTheResume() {
    QTemporaryDir root;
    FakeRun run(root.path(), QStringLiteral("resumed"));
    for (int s = 1; s <= 8; ++s) run.step(s, 5.0);
    run.event(QStringLiteral("resume"), 5);  // killed at 8, resumed from the checkpoint at step 5
    for (int s = 6; s <= 10; ++s) run.step(s, 1.0);
    TrainPanel panel;
    panel.setRunsRoot(root.path());
    panel.selectRuns({QStringLiteral("resumed")});
    const auto& series = panel.chart()->series().at(0);
    QCOMPARE(series.x->size(), size_t(10));
    QCOMPARE(series.raw->at(6), 1.0);  // step 7: the replayed record wins
    QCOMPARE(series.markers.size(), size_t(1));
    QCOMPARE(series.markers.front(), 6.0);  // the resumed segment's first step
  }

  void reconstructionsScrubAndMoveTheCursor() {
    QTemporaryDir root;
    FakeRun run(root.path(), QStringLiteral("pictures"));
    for (int s = 1; s <= 60; ++s) run.step(s, 2.0);
    for (int s : {20, 40, 60}) {
      for (const char* tag : gramt::train::kImageTags)
        if (!(s == 40 && std::string(tag) == "generated_spectrogram")) run.image(s, tag);
      run.event(QStringLiteral("images"), s);
    }
    TrainPanel panel;
    panel.setRunsRoot(root.path());
    panel.selectRuns({QStringLiteral("pictures")});
    QCOMPARE(panel.imageSteps(), (std::vector<int64_t>{20, 40, 60}));
    QCOMPARE(panel.shownImageStep(), int64_t(60));  // the newest first
    panel.showImageStep(20);
    QCOMPARE(panel.chart()->cursorX(), 20.0);
    const auto& images = panel.reconstructions()->images();
    QCOMPARE(images.size(), size_t(4));
    for (const auto& image : images) QVERIFY(!image.image.isNull());
    // A step whose reconstruction image is missing says so instead of showing a blank.
    panel.showImageStep(40);
    QVERIFY(panel.reconstructions()->images().at(3).image.isNull());
    QVERIFY(panel.reconstructions()->images().at(3).missing.contains(QStringLiteral("40")));
    // A click on the curves picks the nearest logged reconstruction.
    emit panel.chart()->clicked(57.0);
    QCOMPARE(panel.shownImageStep(), int64_t(60));
    // Relative-time axis: the cursor follows in that unit.
    panel.setXAxis(TrainPanel::XAxis::RelativeTime);
    panel.showImageStep(20);
    QCOMPARE(panel.chart()->cursorX(), 19.0);
  }

  void badInputIsShownNotFatal() {
    QTemporaryDir root;
    FakeRun broken(root.path(), QStringLiteral("broken"), /*with_config=*/false);
    broken.step(1, 2.0);
    broken.write(QStringLiteral("metrics.jsonl"), "this is not json\n", true);
    broken.step(2, std::nan(""));
    broken.step(3, 1.5);
    broken.write(QStringLiteral("status.json"), "{ truncated");
    TrainPanel panel;
    panel.setRunsRoot(root.path());
    panel.selectRuns({QStringLiteral("broken")});
    const auto& series = panel.chart()->series().at(0);
    QCOMPARE(series.x->size(), size_t(3));
    QVERIFY(std::isnan(series.raw->at(1)));          // a non-finite loss stays visible as a gap
    QVERIFY(std::isfinite(series.smoothed->at(2)));  // and does not poison the smoothing
    auto* table = panel.findChild<QTableWidget*>();
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("unknown"));
    QVERIFY(!table->item(0, 1)->toolTip().isEmpty());  // the garbled status file, in words
    // The panel never writes into the folders it reads.
    QCOMPARE(QDir(broken.dir).entryList(QDir::Files | QDir::NoDotAndDotDot).size(), 2);
    // A runs folder that does not exist is simply empty.
    panel.setRunsRoot(QDir(root.path()).filePath(QStringLiteral("missing")));
    QVERIFY(panel.runNames().isEmpty());
  }

  void newRunFormIsBuiltFromTheSchema() {
    qputenv("GRAMT_CLI", GRAMT_CLI);
    QTemporaryDir root;
    TrainPanel panel;
    panel.setRunsRoot(root.path());
    auto* form = panel.newRunForm();
    form->load({QStringLiteral("data=demo"), QStringLiteral("trainer=cpu_demo"), QStringLiteral("model=demo")});
    QVERIFY2(form->schemaError().isEmpty(), qPrintable(form->schemaError()));
    form->setRunName(QStringLiteral("first"));
    QVERIFY(form->isValid());
    QVERIFY(form->overrides().contains(QStringLiteral("data=demo")));
    QVERIFY(form->setValue(QStringLiteral("trainer.steps"), QStringLiteral("-5")));
    QVERIFY(!form->isValid());
    QVERIFY(form->errors().join(QLatin1Char('\n')).contains(QStringLiteral("trainer.steps")));
    QVERIFY(form->setValue(QStringLiteral("trainer.steps"), QStringLiteral("three")));
    QVERIFY(!form->isValid());
    QVERIFY(form->setValue(QStringLiteral("trainer.steps"), QStringLiteral("300")));
    QVERIFY2(form->isValid(), qPrintable(form->errors().join(QLatin1Char('\n'))));
    QVERIFY(form->overrides().contains(QStringLiteral("trainer.steps=300")));
    const QString line = form->commandLine();
    QVERIFY(line.startsWith(QStringLiteral("gramt-cli train ")));
    QVERIFY(line.contains(QStringLiteral("trainer.steps=300")));
    QVERIFY(line.contains(QStringLiteral("--run-dir ") + QDir(root.path()).filePath(QStringLiteral("first"))));
    // Switching a group reloads the keys and keeps what was typed.
    form->setGroup(QStringLiteral("model"), QStringLiteral("base"));
    QVERIFY(form->overrides().contains(QStringLiteral("model=base")));
    QVERIFY(form->overrides().contains(QStringLiteral("trainer.steps=300")));
    // An existing run folder is not overwritten.
    QDir().mkpath(QDir(root.path()).filePath(QStringLiteral("first")));
    form->setRunName(QStringLiteral("first"));
    QVERIFY(form->errors().join(QLatin1Char('\n')).contains(QStringLiteral("exists")));
  }
};

QTEST_MAIN(TrainPanelTest)
#include "train_panel_test.moc"

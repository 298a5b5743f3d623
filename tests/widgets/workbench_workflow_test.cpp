// A new user's afternoon, from the workbench alone (each step through the panels' own controls or
// the methods they call): start the CPU demo from the New run form, watch the loss fall live,
// scrub the reconstructions, stop and resume the run, make the mini benchmark, evaluate the
// newest checkpoint, see it in the results matrix beside a second model, export it to LaTeX.
// Every long step runs in a real gramt-cli child process; the demo is kept tiny.
#include <algorithm>

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/attention_panel.h"
#include "app/workbench/binaural_inspection.h"
#include "app/workbench/evaluate_panel.h"
#include "app/workbench/inspect_panel.h"
#include "app/workbench/localization_panel.h"
#include "app/workbench/main_window.h"
#include "app/workbench/new_run_form.h"
#include "app/workbench/train_panel.h"
#include "core/eval/benchmark/results_file.h"
#include "core/train/run_folder.h"
#include "widgets/metric_chart.h"

#include <QTableWidget>

using gramt::workbench::EvaluatePanel;
using gramt::workbench::MainWindow;
using gramt::workbench::TrainPanel;

class WorkbenchWorkflowTest : public QObject {
  Q_OBJECT

 private:
  static size_t points(TrainPanel* panel) {
    const auto& series = panel->chart()->series();
    return series.empty() || !series[0].x ? 0 : series[0].x->size();
  }

 private slots:
  void initTestCase() { qputenv("GRAMT_CLI", GRAMT_CLI); }

  void fromNewRunToResultsMatrix() {
    QTemporaryDir ws;
    const QString runs = QDir(ws.path()).filePath(QStringLiteral("runs"));
    MainWindow window;
    TrainPanel* train = window.trainPanel();
    train->setRunsRoot(runs);

    // 1. The New run form, as a user fills it: the demo groups, a tiny corpus, a long budget.
    auto* form = train->newRunForm();
    form->load({QStringLiteral("data=demo"), QStringLiteral("trainer=cpu_demo"), QStringLiteral("model=demo")});
    QVERIFY2(form->schemaError().isEmpty(), qPrintable(form->schemaError()));
    form->setRunName(QStringLiteral("demo"));
    const std::pair<const char*, const char*> tiny[] = {
        {"trainer.steps", "2000"},           {"trainer.warmup_steps", "2"},      {"trainer.checkpoint.every", "5"},
        {"trainer.log_images_every", "5"},   {"trainer.batch_size", "2"},        {"data.synthesize.speech_clips", "2"},
        {"data.synthesize.note_clips", "2"}, {"data.synthesize.noise_clips", "1"}, {"data.synthesize.seconds", "2.0"}};
    for (const auto& [key, value] : tiny) QVERIFY2(form->setValue(QString::fromLatin1(key), QString::fromLatin1(value)), key);
    QVERIFY2(form->isValid(), qPrintable(form->errors().join(QLatin1Char('\n'))));
    QPushButton* start = nullptr;
    for (auto* button : form->findChildren<QPushButton*>())
      if (button->text() == QStringLiteral("Start run")) start = button;
    QVERIFY(start != nullptr && start->isEnabled());
    QSignalSpy finished(train, &TrainPanel::runFinished);
    start->click();
    QVERIFY(train->isChildRunning(QStringLiteral("demo")));

    // 2. The loss falls, live: points keep arriving while the child runs.
    QVERIFY2(QTest::qWaitFor([&] { return points(train) >= 10; }, 180000), qPrintable(train->lastChildOutput("demo")));
    const size_t seen = points(train);
    QVERIFY(QTest::qWaitFor([&] { return points(train) >= seen + 50; }, 120000));
    QVERIFY(train->isChildRunning(QStringLiteral("demo")));
    const auto& raw = *train->chart()->series().at(0).raw;
    auto mean = [&](size_t from, size_t to) {
      double sum = 0;
      for (size_t i = from; i < to; ++i) sum += raw[i];
      return sum / static_cast<double>(to - from);
    };
    const double first = mean(0, 10), last = mean(raw.size() - 10, raw.size());
    QVERIFY2(last < first, qPrintable(QStringLiteral("loss did not fall: first 10 steps %1, last 10 %2").arg(first).arg(last)));

    // 3. Reconstructions: scrub to the first logged step; the curves' cursor follows.
    QVERIFY(QTest::qWaitFor([&] { return train->imageSteps().size() >= 2; }, 30000));
    train->showImageStep(train->imageSteps().front());
    QCOMPARE(train->chart()->cursorX(), static_cast<double>(train->imageSteps().front()));

    // 4. Stop (a checkpoint is saved), then resume from it.
    QVERIFY(train->stopRun(QStringLiteral("demo")));
    QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, 60000));
    const gramt::train::RunFolder folder(QDir(runs).filePath(QStringLiteral("demo")).toStdString());
    QCOMPARE(gramt::train::read_run_status(folder).state, gramt::train::RunState::stopped);
    const int64_t stopped_at = folder.checkpoint_steps().back();
    QVERIFY(stopped_at >= 20);
    QVERIFY(train->resumeRun(QStringLiteral("demo")));
    QVERIFY(QTest::qWaitFor([&] { return folder.checkpoint_steps().back() > stopped_at; }, 120000));
    QVERIFY(train->stopRun(QStringLiteral("demo")));
    QVERIFY(QTest::qWaitFor([&] { return finished.count() == 2; }, 60000));
    QCOMPARE(gramt::train::read_run_status(folder).state, gramt::train::RunState::stopped);

    // 5. Evaluate its newest checkpoint on the mini benchmark (made from the panel).
    window.showPanel(MainWindow::Evaluate);
    EvaluatePanel* evaluate = window.evaluatePanel();
    evaluate->setRunsRoot(runs);
    const QString newest = QString::fromStdString(folder.checkpoint_weights_path(folder.checkpoint_steps().back()));
    QCOMPARE(evaluate->weightChoices().value(0), newest);  // newest first
    evaluate->setWeights(newest);
    evaluate->setTasksDir(QDir(ws.path()).filePath(QStringLiteral("tasks")));
    evaluate->setEmbeddingsDir(QDir(ws.path()).filePath(QStringLiteral("embeddings")));
    QVERIFY(evaluate->formError().contains(QStringLiteral("no task folders")));
    QSignalSpy evaluated(evaluate, &EvaluatePanel::evaluationFinished);
    evaluate->setMiniBenchmarkSize(QStringLiteral("tiny"));
    QVERIFY(evaluate->makeMiniBenchmark());
    QVERIFY(QTest::qWaitFor([&] { return evaluated.count() == 1; }, 180000));
    QCOMPARE(evaluated.at(0).at(0).toInt(), 0);
    QVERIFY(evaluate->availableTasks().size() >= 2);
    evaluate->setSelectedTasks({QStringLiteral("mini_keywords-v1-tiny"), QStringLiteral("mini_localization-v1-tiny")});
    evaluate->setGrid(QStringLiteral("faster"), 1);
    evaluate->setSeeds(QStringLiteral("1"));
    QVERIFY2(evaluate->formError().isEmpty(), qPrintable(evaluate->formError()));
    // A second model, evaluated earlier on the same tasks.
    gramt::eval::benchmark::ResultsFile other;
    other.model_tag = "other-model";
    for (const char* task : {"mini_keywords-v1-tiny", "mini_localization-v1-tiny"}) {
      gramt::eval::benchmark::TaskScore score;
      score.task = task;
      score.primary_score = "top1_acc";
      score.values = {0.5};
      gramt::eval::benchmark::summarise_seed_values(score);
      other.tasks.push_back(score);
    }
    gramt::eval::benchmark::write_results_file(
        other, QDir(ws.path()).filePath(QStringLiteral("embeddings/other-model/results.json")).toStdString());
    QVERIFY(evaluate->startEvaluation());
    QVERIFY(QTest::qWaitFor([&] { return evaluated.count() == 2; }, 300000));
    QCOMPARE(evaluated.at(1).at(0).toInt(), 0);
    QCOMPARE(evaluate->progressPercent(), 100);

    // 6. The results matrix: both models and the two baseline rows (log-mel, the demo architecture
    // at its run's initial weights), the two tasks; export to LaTeX.
    const auto& matrix = evaluate->matrix();
    QCOMPARE(matrix.models.size(), size_t(4));
    QVERIFY(std::find(matrix.models.begin(), matrix.models.end(), "baseline-logmel") != matrix.models.end());
    QVERIFY(std::count_if(matrix.models.begin(), matrix.models.end(),
                          [](const std::string& m) { return m.rfind("initial-", 0) == 0; }) == 1);
    QVERIFY(std::find(matrix.models.begin(), matrix.models.end(), "demo-step-" + std::string(8 - std::to_string(folder.checkpoint_steps().back()).size(), '0') +
                                                                     std::to_string(folder.checkpoint_steps().back()) + "-strategy=raw") != matrix.models.end());
    QCOMPARE(matrix.tasks.size(), size_t(2));
    const QString tex = QDir(ws.path()).filePath(QStringLiteral("results.tex"));
    QString error;
    QVERIFY2(evaluate->exportMatrix(tex, EvaluatePanel::ExportFormat::Latex, &error), qPrintable(error));
    QFile file(tex);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray latex = file.readAll();
    QVERIFY(latex.contains("tabular"));
    QVERIFY(latex.contains("other-model"));
    QVERIFY(latex.contains("demo-step"));
  }

  // Issue 10's path: evaluate on mini_localization, open its clips in Localization, take the worst
  // one to Inspect (directions and binaural cues) and to Attention (step through layers and heads).
  void fromLocalizationScoreToInspectAndAttention() {
    QTemporaryDir ws;
    MainWindow window;
    EvaluatePanel* evaluate = window.evaluatePanel();
    evaluate->setWeights(QStringLiteral(GRAMT_TEST_DATA_DIR "/golden/frame/weights.safetensors"));
    evaluate->setTasksDir(QDir(ws.path()).filePath(QStringLiteral("tasks")));
    evaluate->setEmbeddingsDir(QDir(ws.path()).filePath(QStringLiteral("embeddings")));
    QSignalSpy evaluated(evaluate, &EvaluatePanel::evaluationFinished);
    evaluate->setMiniBenchmarkSize(QStringLiteral("tiny"));
    QVERIFY(evaluate->makeMiniBenchmark());
    QVERIFY(QTest::qWaitFor([&] { return evaluated.count() == 1; }, 180000));
    evaluate->setSelectedTasks({QStringLiteral("mini_localization-v1-tiny")});
    evaluate->setGrid(QStringLiteral("faster"), 1);
    evaluate->setSeeds(QStringLiteral("1"));
    QVERIFY(evaluate->startEvaluation());
    QVERIFY(QTest::qWaitFor([&] { return evaluated.count() == 2; }, 300000));
    QCOMPARE(evaluated.at(1).at(0).toInt(), 0);

    // A click on the localization score opens the Localization panel.
    QTableWidget* matrix = evaluate->matrixTable();
    QTableWidgetItem* score = nullptr;
    for (int c = 0; c < matrix->columnCount(); ++c)
      if (matrix->horizontalHeaderItem(c)->text().startsWith(QStringLiteral("mini_localization"))) score = matrix->item(0, c);
    QVERIFY(score != nullptr);
    emit matrix->cellClicked(score->row(), score->column());
    QCOMPARE(window.currentPanel(), MainWindow::Localization);
    gramt::workbench::LocalizationPanel* localization = window.localizationPanel();
    QVERIFY(localization->clipCount() > 0);
    const int worst = localization->tableOrder().front();
    QCOMPARE(localization->selectedClip(), worst);
    QVERIFY(QFileInfo(localization->clipAudioPath(worst)).isFile());

    // The worst clip in Inspect: its directions above the plots, its ILD and ITD computed.
    QSignalSpy loaded(window.inspectPanel(), &gramt::workbench::InspectPanel::loadFinished);
    for (auto* button : localization->findChildren<QPushButton*>())
      if (button->text() == QStringLiteral("Open in Inspect")) button->click();
    QCOMPARE(window.currentPanel(), MainWindow::Inspect);
    QVERIFY(QTest::qWaitFor([&] { return loaded.count() == 1; }, 60000));
    QTest::qWait(50);
    QVERIFY(window.inspectPanel()->directionsText().contains(QStringLiteral("true")));
    QVERIFY(window.inspectPanel()->binauralCues() != nullptr);
    QVERIFY(window.inspectPanel()->binauralCues()->frames > 0);

    // The same clip in Attention with the evaluated model; step through layers and heads.
    gramt::workbench::AttentionPanel* attention = window.attentionPanel();
    QSignalSpy computed(attention, &gramt::workbench::AttentionPanel::computed);
    window.showPanel(MainWindow::Localization);
    for (auto* button : localization->findChildren<QPushButton*>())
      if (button->text() == QStringLiteral("Open in Attention")) button->click();
    QCOMPARE(window.currentPanel(), MainWindow::Attention);
    QVERIFY(QTest::qWaitFor([&] { return computed.count() >= 1 && !attention->isComputing(); }, 60000));
    QVERIFY2(attention->result().error.isEmpty(), qPrintable(attention->result().error));
    QCOMPARE(attention->clip(), localization->clipAudioPath(worst));
    std::vector<float> previous;
    for (int layer = 0; layer < attention->result().maps.layers; ++layer) {
      for (int head = 0; head < attention->result().maps.heads; ++head) {
        attention->selectHead(layer, head);
        const std::vector<float> shown = attention->overlayValues();
        QCOMPARE(shown.size(), size_t(200));
        QVERIFY(shown != previous);
        previous = shown;
      }
    }
  }
};

QTEST_MAIN(WorkbenchWorkflowTest)
#include "workbench_workflow_test.moc"

// The workspace: one runs, tasks and embeddings folder and one recent-weights list for the whole
// window. A folder set on it reaches every panel that shows it; a folder the user changes in a panel
// reaches the workspace and, through it, the other panels; signals come only on a real change.
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/attention_panel.h"
#include "app/workbench/evaluate_panel.h"
#include "app/workbench/localization_panel.h"
#include "app/workbench/main_window.h"
#include "app/workbench/train_panel.h"
#include "app/workbench/workspace.h"
#include "core/eval/benchmark/results_file.h"
#include "core/train/run_folder.h"

using gramt::workbench::MainWindow;
using gramt::workbench::Workspace;
using gramt::workbench::WorkspaceFolders;

namespace {

void touch(const QString& path, const QByteArray& bytes = "x") {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

// A runs folder with one run "demo" and its checkpoint at `step`; returns the checkpoint's path.
QString makeRun(const QString& runs, int64_t step) {
  const gramt::train::RunFolder run(QDir(runs).filePath(QStringLiteral("demo")).toStdString());
  touch(QString::fromStdString(run.config_path()), "seed: 1\n");
  touch(QString::fromStdString(run.checkpoint_state_path(step)));  // a checkpoint counts once both files are there
  const QString weights = QString::fromStdString(run.checkpoint_weights_path(step));
  touch(weights);
  return weights;
}

// A tasks folder holding one task folder `name`.
void makeTask(const QString& tasks, const QString& name) {
  touch(QDir(tasks).filePath(name + QStringLiteral("/task_metadata.json")), "{}");
}

void writeResults(const QString& embeddings, const char* model) {
  gramt::eval::benchmark::ResultsFile f;
  f.model_tag = model;
  gramt::eval::benchmark::TaskScore score;
  score.task = "keywords";
  score.primary_score = "top1_acc";
  score.values = {0.5};
  gramt::eval::benchmark::summarise_seed_values(score);
  f.tasks.push_back(score);
  gramt::eval::benchmark::write_results_file(f, QDir(embeddings).filePath(QStringLiteral("%1/results.json").arg(QLatin1String(model))).toStdString());
}

// The panel's line edit showing `text`, as a user finds the field on screen.
QLineEdit* fieldShowing(QWidget* panel, const QString& text) {
  for (QLineEdit* edit : panel->findChildren<QLineEdit*>())
    if (edit->text() == text && !edit->isReadOnly()) return edit;
  return nullptr;
}

// Types `text` into the field and leaves it, as a user does.
void typeInto(QLineEdit* edit, const QString& text) {
  edit->setText(text);
  emit edit->editingFinished();
}

}  // namespace

class WorkspaceTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GRAM-T-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("workspace-test"));
    Workspace settings_reader;
    settings_reader.keepRecentWeightsInSettings();
    settings_reader.clearRecentWeights();
  }

  void signalsComeOnlyOnARealChange() {
    QTemporaryDir dir;
    Workspace workspace(WorkspaceFolders{dir.path(), {}, {}});
    QCOMPARE(workspace.runsRoot(), QDir::cleanPath(dir.path()));
    QCOMPARE(workspace.tasksDir(), QDir::current().filePath(QStringLiteral("tasks")));  // the default
    QSignalSpy runs(&workspace, &Workspace::runsRootChanged);
    QSignalSpy tasks(&workspace, &Workspace::tasksDirChanged);
    QSignalSpy embeddings(&workspace, &Workspace::embeddingsDirChanged);
    QSignalSpy recent(&workspace, &Workspace::recentWeightsChanged);
    QVERIFY(!workspace.setRunsRoot(dir.path() + QStringLiteral("/")));                    // the same folder
    QVERIFY(!workspace.setRunsRoot(dir.path() + QStringLiteral("/sub/..")));
    QCOMPARE(runs.count(), 0);
    QVERIFY(workspace.setRunsRoot(QDir(dir.path()).filePath(QStringLiteral("other"))));
    QCOMPARE(runs.count(), 1);
    QCOMPARE(runs.at(0).at(0).toString(), QDir(dir.path()).filePath(QStringLiteral("other")));
    QVERIFY(workspace.setTasksDir(QString()));  // empty stays empty: the Evaluate form says so
    QCOMPARE(workspace.tasksDir(), QString());
    QVERIFY(!workspace.setTasksDir(QStringLiteral("  ")));
    QCOMPARE(tasks.count(), 1);
    QVERIFY(workspace.setEmbeddingsDir(dir.path()));
    QVERIFY(!workspace.setEmbeddingsDir(dir.path()));
    QCOMPARE(embeddings.count(), 1);

    const QString a = QDir(dir.path()).filePath(QStringLiteral("a.safetensors")), b = QDir(dir.path()).filePath(QStringLiteral("b.safetensors"));
    workspace.addRecentWeights(a);
    workspace.addRecentWeights(b);
    QCOMPARE(workspace.recentWeights(), (QStringList{b, a}));
    workspace.addRecentWeights(b);  // already first: no change
    QCOMPARE(recent.count(), 2);
    workspace.addRecentWeights(a);
    QCOMPARE(workspace.recentWeights(), (QStringList{a, b}));
    for (int i = 0; i < Workspace::kMaximumRecentWeights + 3; ++i)
      workspace.addRecentWeights(QDir(dir.path()).filePath(QStringLiteral("%1.safetensors").arg(i)));
    QCOMPARE(workspace.recentWeights().size(), Workspace::kMaximumRecentWeights);
  }

  void everyPanelFollowsTheWorkspace() {
    QTemporaryDir dir;
    const QString runs = QDir(dir.path()).filePath(QStringLiteral("runs")), tasks = QDir(dir.path()).filePath(QStringLiteral("tasks")),
                  embeddings = QDir(dir.path()).filePath(QStringLiteral("embeddings"));
    const QString checkpoint = makeRun(runs, 10);
    makeTask(tasks, QStringLiteral("alpha"));
    writeResults(embeddings, "first-model");
    // The command line's folders (--runs, --tasks, --embeddings) reach every panel at once.
    MainWindow window(WorkspaceFolders{runs, tasks, embeddings});
    Workspace* workspace = window.workspace();
    QCOMPARE(window.trainPanel()->runsRoot(), runs);
    QCOMPARE(window.trainPanel()->runNames(), QStringList{QStringLiteral("demo")});
    QCOMPARE(window.evaluatePanel()->weightChoices().value(0), checkpoint);
    QCOMPARE(window.attentionPanel()->modelChoices().value(0), checkpoint);
    QCOMPARE(window.evaluatePanel()->tasksDir(), tasks);
    QCOMPARE(window.evaluatePanel()->availableTasks(), QStringList{QStringLiteral("alpha")});
    QCOMPARE(window.localizationPanel()->tasksDir(), tasks);
    QCOMPARE(window.evaluatePanel()->embeddingsDir(), embeddings);
    QCOMPARE(window.evaluatePanel()->matrix().models, std::vector<std::string>{"first-model"});

    // Another folder set on the workspace: every panel that shows it follows.
    const QString runs2 = QDir(dir.path()).filePath(QStringLiteral("runs2")), tasks2 = QDir(dir.path()).filePath(QStringLiteral("tasks2")),
                  embeddings2 = QDir(dir.path()).filePath(QStringLiteral("embeddings2"));
    const QString checkpoint2 = makeRun(runs2, 20);
    makeTask(tasks2, QStringLiteral("beta"));
    writeResults(embeddings2, "second-model");
    workspace->setRunsRoot(runs2);
    QCOMPARE(window.trainPanel()->runsRoot(), runs2);
    QVERIFY(fieldShowing(window.trainPanel(), runs2) != nullptr);
    QCOMPARE(window.evaluatePanel()->weightChoices().value(0), checkpoint2);
    QVERIFY(!window.evaluatePanel()->weightChoices().contains(checkpoint));
    QCOMPARE(window.attentionPanel()->modelChoices().value(0), checkpoint2);
    workspace->setTasksDir(tasks2);
    QCOMPARE(window.evaluatePanel()->availableTasks(), QStringList{QStringLiteral("beta")});
    QVERIFY(fieldShowing(window.evaluatePanel(), tasks2) != nullptr);
    QCOMPARE(window.localizationPanel()->tasksDir(), tasks2);
    QVERIFY(fieldShowing(window.localizationPanel(), tasks2) != nullptr);
    workspace->setEmbeddingsDir(embeddings2);
    QCOMPARE(window.evaluatePanel()->matrix().models, std::vector<std::string>{"second-model"});
    QVERIFY(fieldShowing(window.evaluatePanel(), embeddings2) != nullptr);

    // Recent weights: a file used in one panel is offered in the others.
    const QString elsewhere = QDir(dir.path()).filePath(QStringLiteral("model/weights.safetensors"));
    touch(elsewhere);
    workspace->addRecentWeights(elsewhere);
    QVERIFY(window.evaluatePanel()->weightChoices().contains(elsewhere));
    QVERIFY(window.attentionPanel()->modelChoices().contains(elsewhere));
  }

  void aPanelsOwnChangeReachesTheWorkspaceAndTheOthers() {
    QTemporaryDir dir;
    const QString tasks = QDir(dir.path()).filePath(QStringLiteral("tasks")), runs = QDir(dir.path()).filePath(QStringLiteral("runs"));
    MainWindow window(WorkspaceFolders{runs, tasks, dir.path()});
    Workspace* workspace = window.workspace();
    QSignalSpy tasks_changed(workspace, &Workspace::tasksDirChanged);
    QSignalSpy runs_changed(workspace, &Workspace::runsRootChanged);

    // The Evaluate panel's tasks field, typed into.
    const QString typed = QDir(dir.path()).filePath(QStringLiteral("typed-tasks"));
    makeTask(typed, QStringLiteral("gamma"));
    QLineEdit* evaluate_tasks = fieldShowing(window.evaluatePanel(), tasks);
    QVERIFY(evaluate_tasks != nullptr);
    typeInto(evaluate_tasks, typed);
    QCOMPARE(workspace->tasksDir(), typed);
    QCOMPARE(tasks_changed.count(), 1);
    QCOMPARE(window.evaluatePanel()->availableTasks(), QStringList{QStringLiteral("gamma")});
    QCOMPARE(window.localizationPanel()->tasksDir(), typed);
    // Leaving the field again without a change says nothing new.
    emit evaluate_tasks->editingFinished();
    QCOMPARE(tasks_changed.count(), 1);

    // The Localization panel's "Audio from" field: Evaluate follows.
    QLineEdit* localization_tasks = fieldShowing(window.localizationPanel(), typed);
    QVERIFY(localization_tasks != nullptr);
    typeInto(localization_tasks, tasks);
    QCOMPARE(workspace->tasksDir(), tasks);
    QCOMPARE(window.evaluatePanel()->tasksDir(), tasks);
    QVERIFY(fieldShowing(window.evaluatePanel(), tasks) != nullptr);

    // The Train panel's runs field: Evaluate and Attention offer the new folder's checkpoints.
    const QString runs2 = QDir(dir.path()).filePath(QStringLiteral("runs2"));
    const QString checkpoint = makeRun(runs2, 30);
    QLineEdit* runs_field = fieldShowing(window.trainPanel(), runs);
    QVERIFY(runs_field != nullptr);
    typeInto(runs_field, runs2);
    QCOMPARE(workspace->runsRoot(), runs2);
    QCOMPARE(runs_changed.count(), 1);
    QCOMPARE(window.evaluatePanel()->weightChoices().value(0), checkpoint);
    QCOMPARE(window.attentionPanel()->modelChoices().value(0), checkpoint);

    // The panels' own setters write to the workspace too.
    window.evaluatePanel()->setEmbeddingsDir(runs2);
    QCOMPARE(workspace->embeddingsDir(), runs2);
    window.attentionPanel()->setRunsRoot(runs);
    QCOMPARE(window.trainPanel()->runsRoot(), runs);
  }
};

QTEST_MAIN(WorkspaceTest)
#include "workspace_test.moc"

// Make Nat-HEAR from the Evaluate panel through a real gramt-cli child process: the dialog's OK runs
// make-nat-hear on a tiny scene task (with a noise recording the test writes), the new -nat and
// -nat-loc tasks appear ticked in the panel, Inspect shows a rendered clip's scene facts, and a
// failing run shows the command's error in the progress text.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "app/workbench/evaluate_panel.h"
#include "app/workbench/inspect_panel.h"
#include "app/workbench/nat_hear_dialog.h"
#include "app/workbench/workspace.h"
#include "tasks_test_support.h"

using gramt::workbench::EvaluatePanel;
using gramt::workbench::InspectPanel;
using gramt::workbench::NatHearDialog;
using gramt::workbench::Workspace;
using gramt::workbench::WorkspaceFolders;
namespace fixtures = gramt::eval::tasks::testing;

class NatHearWorkflowTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { qputenv("GRAMT_CLI", GRAMT_CLI); }

  void theDialogsRunMakesTasksThePanelShowsAndInspectReads() {
    QTemporaryDir root;
    const QString hear = root.filePath(QStringLiteral("hear"));
    fixtures::make_scene_task((hear + QStringLiteral("/tiny_scene-v1")).toStdString(), 16000);
    fixtures::write_marked_wav(root.filePath(QStringLiteral("noise/hum.wav")).toStdString(), 16000, 2.0, 5);
    Workspace workspace(WorkspaceFolders{root.filePath(QStringLiteral("runs")), hear, root.filePath(QStringLiteral("emb"))});
    EvaluatePanel panel(&workspace);
    panel.resize(1000, 700);
    panel.show();

    NatHearDialog* dialog = panel.openNatHearDialog();
    QCOMPARE(dialog->inputDir(), hear);
    const QString out = root.filePath(QStringLiteral("hear-nat"));
    QCOMPARE(dialog->outputDir(), out);
    dialog->setNoiseDir(root.filePath(QStringLiteral("noise")));
    QVERIFY(dialog->setLocalization(QStringLiteral("also")));
    dialog->accept();
    QVERIFY(panel.isRunning());
    QVERIFY2(panel.progressText().contains(QStringLiteral("gramt-cli make-nat-hear --tasks-dir")), qPrintable(panel.progressText()));
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), 100000);
    QVERIFY2(panel.progressText().startsWith(QStringLiteral("Make Nat-HEAR: finished · 6 clips rendered, 0 reused, 0 left out")),
             qPrintable(panel.progressText()));
    QCOMPARE(panel.progressPercent(), 100);

    // The workspace now shows the output, with what was made ticked.
    QCOMPARE(panel.tasksDir(), out);
    const QStringList made{QStringLiteral("tiny_scene-v1-nat"), QStringLiteral("tiny_scene-v1-nat-loc")};
    QCOMPARE(panel.availableTasks(), made);
    QCOMPARE(panel.selectedTasks(), made);

    // Inspect on a rendered clip: its scene facts, as the metadata file has them.
    QFile metadata(out + QStringLiteral("/tiny_scene-v1-nat/test.clip-metadata.json"));
    QVERIFY(metadata.open(QIODevice::ReadOnly));
    const QJsonObject facts = QJsonDocument::fromJson(metadata.readAll()).object().value(QStringLiteral("test_1.wav")).toObject();
    QVERIFY(!facts.isEmpty());
    InspectPanel inspect;
    QSignalSpy loaded(&inspect, &InspectPanel::loadFinished);
    inspect.openFile(out + QStringLiteral("/tiny_scene-v1-nat/16000/test/test_1.wav"));
    QVERIFY(loaded.wait(30000));
    const QString line = inspect.sceneFactsText();
    const QString azimuth = QString::number(facts.value(QStringLiteral("azimuth_deg")).toDouble(), 'f', 1);
    const QString snr = QString::number(facts.value(QStringLiteral("snr_db")).toDouble(), 'f', 1);
    QVERIFY2(line.contains(QStringLiteral("source %1° az").arg(azimuth)), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("room %1").arg(facts.value(QStringLiteral("room")).toString())), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("SNR %1 dB").arg(snr)), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("(held out)")), qPrintable(line));  // a test clip: a test room
    QVERIFY2(line.contains(QStringLiteral("RT60 ")) && line.contains(QStringLiteral("noise hum")), qPrintable(line));
    QVERIFY(inspect.sceneFactsToolTip().contains(QStringLiteral("scene_seed")));

    // The input's clips have no facts: the line goes away.
    inspect.openFile(hear + QStringLiteral("/tiny_scene-v1/16000/test/test_1.wav"));
    QVERIFY(loaded.wait(30000));
    QCOMPARE(inspect.sceneFactsText(), QString());
  }

  void aFailingRunShowsTheCommandsError() {
    QTemporaryDir root;
    const QString hear = root.filePath(QStringLiteral("hear"));
    fixtures::make_scene_task((hear + QStringLiteral("/tiny_scene-v1")).toStdString(), 16000);
    QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("silence"))));  // a noise folder without audio
    Workspace workspace(WorkspaceFolders{root.filePath(QStringLiteral("runs")), hear, root.filePath(QStringLiteral("emb"))});
    EvaluatePanel panel(&workspace);
    NatHearDialog dialog(hear);
    dialog.setNoiseDir(root.filePath(QStringLiteral("silence")));
    QVERIFY(panel.makeNatHear(dialog.arguments(), dialog.outputDir(), dialog.selectedTasks()));
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), 60000);
    QVERIFY2(panel.progressText().startsWith(QStringLiteral("Make Nat-HEAR: gramt-cli exited with status")),
             qPrintable(panel.progressText()));
    QVERIFY2(panel.progressText().contains(QStringLiteral("no audio in the noise folder")), qPrintable(panel.progressText()));
    QCOMPARE(panel.tasksDir(), hear);  // nothing made: the panel stays where it was
  }
};

QTEST_MAIN(NatHearWorkflowTest)
#include "nat_hear_workflow_test.moc"

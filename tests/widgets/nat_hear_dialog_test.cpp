// The Make Nat-HEAR dialog: the command it builds from its fields, where the output goes by
// default, and the folders and ranges it refuses before anything runs.
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/nat_hear_dialog.h"

using gramt::workbench::NatHearDialog;

namespace {

// A folder that reads as a task folder (task_metadata.json is what makes one).
void makeTaskFolder(const QString& dir) {
  QVERIFY(QDir().mkpath(dir));
  QFile file(QDir(dir).filePath(QStringLiteral("task_metadata.json")));
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("{}");
}

QPushButton* okButton(NatHearDialog& dialog) {
  return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

}  // namespace

class NatHearDialogTest : public QObject {
  Q_OBJECT

 private slots:
  void defaultsSpellTheReferenceRangesAndGoBesideTheInput() {
    QTemporaryDir root;
    const QString tasks = root.filePath(QStringLiteral("tasks"));
    makeTaskFolder(tasks + QStringLiteral("/b_task"));
    makeTaskFolder(tasks + QStringLiteral("/a_task"));
    QVERIFY(QDir().mkpath(tasks + QStringLiteral("/not_a_task")));
    NatHearDialog dialog(tasks);
    QCOMPARE(dialog.inputDir(), tasks);
    QCOMPARE(dialog.availableTasks(), (QStringList{QStringLiteral("a_task"), QStringLiteral("b_task")}));
    QCOMPARE(dialog.selectedTasks(), dialog.availableTasks());
    QCOMPARE(dialog.outputDir(), root.filePath(QStringLiteral("tasks-nat")));
    QCOMPARE(dialog.problem(), QString());
    QVERIFY(okButton(dialog)->isEnabled());
    QCOMPARE(dialog.arguments(),
             (QStringList{QStringLiteral("make-nat-hear"), QStringLiteral("--tasks-dir"), tasks, QStringLiteral("--out"),
                          root.filePath(QStringLiteral("tasks-nat")), QStringLiteral("--seed"), QStringLiteral("42"),
                          QStringLiteral("--localization"), QStringLiteral("off"), QStringLiteral("--snr-min"),
                          QStringLiteral("5"), QStringLiteral("--snr-max"), QStringLiteral("40"),
                          QStringLiteral("--noise-sources-min"), QStringLiteral("1"), QStringLiteral("--noise-sources-max"),
                          QStringLiteral("3")}));
    QVERIFY(dialog.commandLine().startsWith(QStringLiteral("gramt-cli make-nat-hear --tasks-dir ")));
  }

  void everyFieldReachesTheArguments() {
    QTemporaryDir root;
    const QString tasks = root.filePath(QStringLiteral("hear"));
    makeTaskFolder(tasks + QStringLiteral("/one"));
    makeTaskFolder(tasks + QStringLiteral("/two"));
    const QString noise = root.filePath(QStringLiteral("noise"));
    QVERIFY(QDir().mkpath(noise));
    NatHearDialog dialog(tasks);
    dialog.setOutputDir(root.filePath(QStringLiteral("out")));
    dialog.setSelectedTasks({QStringLiteral("two")});
    QVERIFY(dialog.setLocalization(QStringLiteral("also")));
    QVERIFY(!dialog.setLocalization(QStringLiteral("sometimes")));
    dialog.setSeed(7);
    dialog.setSnrRange(-2.5, 20);
    dialog.setNoiseSourcesRange(2, 4);
    dialog.setNoiseDir(noise);
    dialog.setSkipBadClips(true);
    QVERIFY(dialog.setRoomSource(QStringLiteral("folder"), noise));
    QVERIFY(!dialog.setRoomSource(QStringLiteral("cathedral")));
    dialog.setHeldOutRooms(false);
    QVERIFY(dialog.setFormat(QStringLiteral("foa")));
    QVERIFY(!dialog.setFormat(QStringLiteral("quadraphonic")));
    dialog.setThreads(1);
    dialog.setInputDir(tasks);  // the same folder again (focus left the field): the ticks stay
    QCOMPARE(dialog.selectedTasks(), QStringList{QStringLiteral("two")});
    QCOMPARE(dialog.problem(), QString());
    QCOMPARE(dialog.arguments(),
             (QStringList{QStringLiteral("make-nat-hear"), QStringLiteral("--tasks-dir"), tasks, QStringLiteral("--out"),
                          root.filePath(QStringLiteral("out")), QStringLiteral("--task"), QStringLiteral("two"),
                          QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--localization"),
                          QStringLiteral("also"), QStringLiteral("--snr-min"), QStringLiteral("-2.5"),
                          QStringLiteral("--snr-max"), QStringLiteral("20"), QStringLiteral("--noise-sources-min"),
                          QStringLiteral("2"), QStringLiteral("--noise-sources-max"), QStringLiteral("4"),
                          QStringLiteral("--noise-dir"), noise, QStringLiteral("--rir-source"), QStringLiteral("folder"),
                          QStringLiteral("--rir-data"), noise, QStringLiteral("--held-out-rooms"), QStringLiteral("off"),
                          QStringLiteral("--format"), QStringLiteral("foa"), QStringLiteral("--threads"),
                          QStringLiteral("1"), QStringLiteral("--skip-bad-clips")}));
  }

  void anInputElsewhereWritesIntoThePanelsTasksFolder() {
    QTemporaryDir root;
    const QString panel_tasks = root.filePath(QStringLiteral("workspace/tasks"));
    const QString hear = root.filePath(QStringLiteral("downloads/hear"));
    makeTaskFolder(hear + QStringLiteral("/speech"));
    NatHearDialog dialog(panel_tasks);
    QVERIFY(!dialog.problem().isEmpty());  // the panel's folder holds no tasks yet
    dialog.setInputDir(hear);
    QCOMPARE(dialog.outputDir(), panel_tasks);
    QCOMPARE(dialog.problem(), QString());
    // A panel folder inside the input would be inside: the output goes beside the input instead.
    QCOMPARE(NatHearDialog::defaultOutputDir(hear, hear + QStringLiteral("/speech")), hear + QStringLiteral("-nat"));
  }

  void anOutputInsideTheInputIsRefusedBeforeRunning() {
    QTemporaryDir root;
    const QString tasks = root.filePath(QStringLiteral("tasks"));
    makeTaskFolder(tasks + QStringLiteral("/one"));
    NatHearDialog dialog(tasks);
    dialog.show();
    for (const QString& inside : {tasks, tasks + QStringLiteral("/nat"), tasks + QStringLiteral("/one/deeper/")}) {
      dialog.setOutputDir(inside);
      QVERIFY2(dialog.problem().contains(QStringLiteral("inside the HEAR tasks folder")), qPrintable(dialog.problem()));
      QVERIFY(!okButton(dialog)->isEnabled());
      QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("natHearProblem"))->text(), dialog.problem());
      dialog.accept();
      QVERIFY(dialog.isVisible());  // accept() refused: nothing runs
    }
    // A link that leads inside is inside too.
    QVERIFY(QFile::link(tasks, root.filePath(QStringLiteral("alias"))));
    dialog.setOutputDir(root.filePath(QStringLiteral("alias/nat")));
    QVERIFY2(dialog.problem().contains(QStringLiteral("inside")), qPrintable(dialog.problem()));
    // A sibling whose name starts like the input is not inside.
    dialog.setOutputDir(tasks + QStringLiteral("-nat"));
    QCOMPARE(dialog.problem(), QString());
    QVERIFY(okButton(dialog)->isEnabled());
  }

  void rangesAndTicksAreChecked() {
    QTemporaryDir root;
    const QString tasks = root.filePath(QStringLiteral("tasks"));
    makeTaskFolder(tasks + QStringLiteral("/one"));
    NatHearDialog dialog(tasks);
    dialog.setSnrRange(30, 10);
    QVERIFY(dialog.problem().startsWith(QStringLiteral("SNR")));
    dialog.setSnrRange(10, 30);
    dialog.setNoiseSourcesRange(3, 2);
    QVERIFY(dialog.problem().startsWith(QStringLiteral("Noise sources")));
    dialog.setNoiseSourcesRange(1, 2);
    dialog.setNoiseDir(root.filePath(QStringLiteral("no-such-noise")));
    QVERIFY(dialog.problem().startsWith(QStringLiteral("Noise folder")));
    dialog.setNoiseDir({});
    dialog.setSelectedTasks({QStringLiteral("missing")});
    QVERIFY(dialog.problem().startsWith(QStringLiteral("Tasks")));
    dialog.setSelectedTasks({});
    QCOMPARE(dialog.problem(), QString());
    // Rooms need their data; shard records hold no directions for a localization task.
    dialog.setRoomSource(QStringLiteral("folder"), root.filePath(QStringLiteral("no-such-rooms")));
    QVERIFY2(dialog.problem().startsWith(QStringLiteral("Rooms")), qPrintable(dialog.problem()));
    dialog.setRoomSource(QStringLiteral("shards"), {});
    QVERIFY2(dialog.problem().startsWith(QStringLiteral("Rooms")), qPrintable(dialog.problem()));
    dialog.setRoomSource(QStringLiteral("shards"), QStringLiteral("/data/brirs-{0..9}.tar"));
    QCOMPARE(dialog.problem(), QString());
    QVERIFY(dialog.setLocalization(QStringLiteral("only")));
    QVERIFY2(dialog.problem().startsWith(QStringLiteral("Localization")), qPrintable(dialog.problem()));
    dialog.setRoomSource(QStringLiteral("sofa"));
    QCOMPARE(dialog.problem(), QString());
  }
};

QTEST_MAIN(NatHearDialogTest)
#include "nat_hear_dialog_test.moc"

// The Localization panel on predictions files the test writes: worst clips first, confusions and
// splits by clip facts, the clip's audio found in the tasks folder, requests to open it in Inspect
// and Attention, and a file of another format said in words.
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/localization_panel.h"
#include "core/audio/audio_file.h"
#include "core/eval/predict/localization_predictions.h"

using gramt::workbench::LocalizationPanel;
namespace predict = gramt::eval::predict;

namespace {

// A task embeddings folder emb/model/<task> with test.localization-predictions.json, and the
// task's audio in tasks/<task>/32000/test/.
struct Fixture {
  QTemporaryDir root;
  QString task_dir, tasks;

  Fixture() {
    tasks = QDir(root.path()).filePath(QStringLiteral("tasks"));
    const QString task = QStringLiteral("mini_localization-v1-tiny");
    task_dir = QDir(root.path()).filePath(QStringLiteral("emb/model/") + task);
    QDir().mkpath(task_dir);
    QDir().mkpath(tasks + QLatin1Char('/') + task + QStringLiteral("/32000/test"));
    QFile meta(tasks + QLatin1Char('/') + task + QStringLiteral("/task_metadata.json"));
    meta.open(QIODevice::WriteOnly);
    meta.write("{}");
    predict::LocalizationPredictions p;
    p.task_name = "mini_localization";
    p.prediction_type = "cartesian-regression";
    p.fold = "test";
    p.embedding_path = task_dir.toStdString();
    // (true azimuth, predicted azimuth, snr): a front–back confusion, a small error, a left–right one.
    const struct { double t, pr, snr; const char* room; } rows[] = {{30, 150, 0, "hall"}, {40, 45, 20, "booth"}, {60, -55, 10, "hall"}};
    int i = 0;
    for (const auto& r : rows) {
      const double pi = 3.14159265358979;
      const std::vector<double> target = {std::cos(r.t * pi / 180), std::sin(r.t * pi / 180), 0};
      const std::vector<double> pred = {std::cos(r.pr * pi / 180), std::sin(r.pr * pi / 180), 0};
      gramt::eval::format::ClipFacts facts;
      facts.numbers["snr_db"] = r.snr;
      facts.labels["room"] = r.room;
      const std::string file = "test_" + std::to_string(i++) + ".wav";
      p.clips.push_back(predict::describe_clip(file, target, pred, p.prediction_type, facts));
      gramt::audio::AudioBuffer audio;
      audio.sample_rate = 32000;
      audio.channels.assign(2, std::vector<float>(3200, 0.05f));
      gramt::audio::write_wav((tasks + QLatin1Char('/') + task + QStringLiteral("/32000/test/") + QString::fromStdString(file)).toStdString(), audio);
    }
    predict::write_localization_predictions(QDir(task_dir).filePath(QStringLiteral("test.localization-predictions.json")).toStdString(), p);
  }
};

}  // namespace

class LocalizationPanelTest : public QObject {
  Q_OBJECT

 private slots:
  void opensAFolderWorstClipFirst() {
    Fixture f;
    LocalizationPanel panel;
    QVERIFY2(panel.openPredictions(f.task_dir), qPrintable(panel.message()));
    QCOMPARE(panel.clipCount(), 3);
    const std::vector<int> order = panel.tableOrder();
    QCOMPARE(order.front(), 0);  // 120° off
    QCOMPARE(order.back(), 1);   // 5° off
    QCOMPARE(panel.selectedClip(), 0);
    QCOMPARE(panel.confusions().front_back, size_t(1));
    QCOMPARE(panel.confusions().left_right, size_t(1));
  }

  void splitsByClipFacts() {
    Fixture f;
    LocalizationPanel panel;
    QVERIFY(panel.openPredictions(f.task_dir));
    QCOMPARE(panel.facts(), (QStringList{QStringLiteral("room"), QStringLiteral("snr_db")}));
    panel.splitBy(QStringLiteral("room"));
    const auto groups = panel.groupsShown();
    QCOMPARE(groups.size(), size_t(2));
    QCOMPARE(QString::fromStdString(groups[0].label), QStringLiteral("booth"));
    QCOMPARE(groups[0].clips, size_t(1));
    QCOMPARE(groups[1].clips, size_t(2));
  }

  void findsTheAudioAndAsksToOpenIt() {
    Fixture f;
    LocalizationPanel panel;
    QVERIFY(panel.openPredictions(f.task_dir));
    // Found beside the embeddings without being told, and with the tasks folder given.
    QVERIFY(panel.clipAudioPath(2).endsWith(QStringLiteral("32000/test/test_2.wav")));
    panel.setTasksDir(f.tasks);
    QVERIFY(QFileInfo(panel.clipAudioPath(2)).isFile());
    QSignalSpy inspect(&panel, &LocalizationPanel::inspectRequested);
    QSignalSpy attention(&panel, &LocalizationPanel::attentionRequested);
    panel.selectClip(2);
    for (auto* button : panel.findChildren<QPushButton*>()) {
      if (button->text() == QStringLiteral("Open in Inspect")) button->click();
      if (button->text() == QStringLiteral("Open in Attention")) button->click();
    }
    QCOMPARE(inspect.count(), 1);
    QCOMPARE(inspect.at(0).at(1).toDouble(), 60.0);  // true azimuth
    QCOMPARE(attention.count(), 1);
    QVERIFY(attention.at(0).at(0).toString().endsWith(QStringLiteral("test_2.wav")));
  }

  void badInputIsSaidInWords() {
    QTemporaryDir dir;
    LocalizationPanel panel;
    QVERIFY(!panel.openPredictions(dir.path()));
    QVERIFY(panel.message().contains(QStringLiteral("localization-predictions")));
    const QString other = QDir(dir.path()).filePath(QStringLiteral("test.localization-predictions.json"));
    QFile file(other);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"something else\", \"format_version\": 1}");
    file.close();
    QVERIFY(!panel.openPredictions(other));
    QVERIFY(panel.message().contains(QStringLiteral("test.localization-predictions.json")));
    QCOMPARE(panel.clipCount(), 0);
  }
};

QTEST_MAIN(LocalizationPanelTest)
#include "localization_panel_test.moc"

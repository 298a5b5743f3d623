// "Get published weights…" against the loopback hub: a real `gramt-cli pull --progress json` child
// downloads a model, the dialog shows it cached, and the Evaluate and Attention weights boxes offer
// it by name; a failed download says why in the dialog.
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/attention_panel.h"
#include "app/workbench/evaluate_panel.h"
#include "app/workbench/published_weights_dialog.h"
#include "app/workbench/workspace.h"
#include "tests/hub/loopback_hub.h"
#include "tests/hub/model_layouts.h"

using namespace gramt;
using gramt::workbench::PublishedWeightsDialog;

namespace {
const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
}

class PublishedWeightsDialogTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(cache_.isValid());
    qputenv("GRAMT_CLI", GRAMT_CLI);
    qputenv("HF_ENDPOINT", QByteArray::fromStdString(hub_.endpoint()));
    qputenv("HF_HUB_CACHE", cache_.path().toUtf8());
    qunsetenv("HF_HUB_OFFLINE");
    qunsetenv("HF_TOKEN");
    hub_.add_repo({"labhamlet/gramt-binaural-time", {{"main", kCommit}},
                   {{"model.safetensors", test::read_bytes(test::golden_dir("time") + "weights.safetensors")}}, false, ""});
    hub_.add_repo({"labhamlet/gramt-mono", {{"main", kCommit}}, {{"config.json", "{}"}}, false, ""});
  }

  void downloadsAndTheModelAppearsInEveryWeightsBox() {
    workbench::Workspace workspace;
    workbench::EvaluatePanel evaluate(&workspace);
    workbench::AttentionPanel attention(&workspace);
    const QString name = QStringLiteral("gramt-binaural-time @ 0123456");
    QVERIFY(!evaluate.weightChoices().contains(QStringLiteral("hf://labhamlet/gramt-binaural-time@") + QString::fromStdString(kCommit)));

    PublishedWeightsDialog dialog;
    dialog.selectModel(QStringLiteral("labhamlet/gramt-binaural-time"));
    QCOMPARE(dialog.statusOf(QStringLiteral("labhamlet/gramt-binaural-time")), QStringLiteral("not cached"));
    QSignalSpy pulled(&dialog, &PublishedWeightsDialog::weightsPulled);
    dialog.download();
    QVERIFY(dialog.isDownloading());
    QVERIFY(QTest::qWaitFor([&] { return !dialog.isDownloading(); }, 60000));
    QCOMPARE(pulled.count(), 1);
    const QString reference = pulled.at(0).at(0).toString();
    QCOMPARE(reference, QStringLiteral("hf://labhamlet/gramt-binaural-time@") + QString::fromStdString(kCommit));
    QCOMPARE(dialog.statusOf(QStringLiteral("labhamlet/gramt-binaural-time")), QStringLiteral("cached @ 0123456"));
    QVERIFY2(dialog.message().contains(name), qPrintable(dialog.message()));

    workspace.noteWeightsChoicesChanged();  // what the panels' buttons and the File menu do after the dialog
    QVERIFY(evaluate.weightChoices().contains(reference));
    QVERIFY(attention.modelChoices().contains(reference));
    // The Attention panel computes from the cached model (no network: the reference names its commit).
    attention.setModel(reference);
    attention.openClip(QString::fromStdString(test::golden_dir("time") + "audio.wav"));
    QVERIFY(QTest::qWaitFor([&] { return !attention.isComputing() && attention.result().weights_path == reference; }, 60000));
    QVERIFY2(attention.result().error.isEmpty(), qPrintable(attention.result().error));
    QCOMPARE(attention.result().maps.grid_rows, int64_t(1));  // time patching: one row of 128x2 patches
    evaluate.setWeights(reference);
    QCOMPARE(evaluate.weights(), reference);
    QVERIFY2(!evaluate.formError().startsWith(QStringLiteral("Weights")), qPrintable(evaluate.formError()));
  }

  void aFailedDownloadSaysWhy() {
    PublishedWeightsDialog dialog;
    dialog.selectModel(QStringLiteral("labhamlet/gramt-mono"));
    dialog.download();
    QVERIFY(QTest::qWaitFor([&] { return !dialog.isDownloading(); }, 60000));
    QVERIFY2(dialog.message().contains(QStringLiteral("gramt-mono@main: model.safetensors: the repo has no such file")),
             qPrintable(dialog.message()));
    QCOMPARE(dialog.statusOf(QStringLiteral("labhamlet/gramt-mono")), QStringLiteral("not cached"));
  }

 private:
  test::LoopbackHub hub_;
  QTemporaryDir cache_;
};

QTEST_MAIN(PublishedWeightsDialogTest)
#include "published_weights_dialog_test.moc"

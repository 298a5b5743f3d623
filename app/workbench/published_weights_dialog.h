#pragma once
// "Get published weights…": the GRAM-T models on the Hugging Face hub, a line on what each is for,
// whether the hub cache holds it, and Download with progress (MB/s, ETA) and Cancel. The download
// is a `gramt-cli pull --progress json` child process, so the cache is written exactly as the
// command line writes it; a cancelled download is kept as a part and resumed next time.
#include <QDialog>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace gramt::workbench {

class CliProcess;

class PublishedWeightsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit PublishedWeightsDialog(QWidget* parent = nullptr);
  ~PublishedWeightsDialog() override;

  // Rereads the hub cache (which models are there, at which commit).
  void refresh();
  void selectModel(const QString& repo);  // "labhamlet/gramt-binaural"
  QString selectedModel() const;
  QString statusOf(const QString& repo) const;  // the table's status cell
  bool isDownloading() const;
  QString message() const;  // the line under the table: progress, or what went wrong

  void download();  // the selected model
  void cancel();

 signals:
  // A download finished: `reference` is hf://org/name@commit, ready for any weights chooser.
  void weightsPulled(const QString& reference);

 protected:
  void reject() override;  // closing the window cancels a download first
  void showEvent(QShowEvent* event) override;

 private:
  void buildUi();
  void updateButtons();

  QTableWidget* table_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* message_ = nullptr;
  QPushButton* download_ = nullptr;
  QPushButton* cancel_ = nullptr;
  CliProcess* process_ = nullptr;
  QString downloading_;  // the repo being downloaded
};

// Opens the dialog modal over `parent`; returns the hf:// reference of the last model downloaded
// (empty when none was).
QString getPublishedWeights(QWidget* parent);

}  // namespace gramt::workbench

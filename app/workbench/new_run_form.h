#pragma once
// The "New run" form, built from `gramt-cli train --schema`: one choice per config group, one typed
// field per key (range-checked as you type, the error shown beside the field), and the exact
// `gramt-cli train ...` command line the form stands for, ready to copy for a cluster. Only values
// that differ from the composed configuration become overrides, so the line stays short.
#include <QJsonObject>
#include <QWidget>

#include <functional>
#include <map>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace gramt::workbench {

class NewRunForm : public QWidget {
  Q_OBJECT

 public:
  // Fetches the schema for group choices ("data=demo", ...); returns the parsed JSON or sets error.
  using SchemaSource = std::function<QJsonObject(const QStringList& group_choices, QString* error)>;

  explicit NewRunForm(SchemaSource source, QWidget* parent = nullptr);

  // Loads the schema for these group choices (empty: the configs' defaults).
  void load(const QStringList& group_choices);
  void setRunsRoot(const QString& root);

  // Sets a key's field as a user would type it (tests, and "clone this run").
  bool setValue(const QString& key, const QString& text);
  void setRunName(const QString& name);
  void setGroup(const QString& group, const QString& option);

  QStringList overrides() const;        // group=option for every group, then key=value that changed
  QString runDirectory() const;         // <runs root>/<run name>
  QStringList trainArguments() const;   // train ... --run-dir DIR (without --progress json)
  QString commandLine() const;          // the same as a shell line
  QStringList errors() const;           // one line per invalid field ("trainer.steps: ...")
  bool isValid() const { return errors().isEmpty(); }
  QString schemaError() const { return schema_error_; }

 signals:
  void startRequested(const QStringList& train_arguments, const QString& run_directory);
  void changed();

 private:
  struct Field {
    QJsonObject spec;
    QLineEdit* edit = nullptr;     // int, float, string
    QComboBox* choice = nullptr;   // bool and keys with choices
    QLabel* error = nullptr;
    QString composed;              // the composed value as text
  };

  void rebuild(const QJsonObject& schema);
  QString fieldText(const Field& field) const;
  QString validate(const Field& field) const;  // "" when fine
  void refresh();

  SchemaSource source_;
  QString runs_root_ = QStringLiteral("runs");
  QString schema_error_;
  QVBoxLayout* layout_ = nullptr;
  QFormLayout* groups_form_ = nullptr;
  QFormLayout* keys_form_ = nullptr;
  QWidget* keys_widget_ = nullptr;
  QLineEdit* run_name_ = nullptr;
  QLineEdit* filter_ = nullptr;
  QLineEdit* command_ = nullptr;
  QLabel* status_ = nullptr;
  QPushButton* start_ = nullptr;
  std::map<QString, QComboBox*> groups_;
  std::map<QString, Field> fields_;
  bool loading_ = false;
};

}  // namespace gramt::workbench

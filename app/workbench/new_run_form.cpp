#include "app/workbench/new_run_form.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <cmath>

#include "app/workbench/cli_process.h"

namespace gramt::workbench {
namespace {

QString jsonText(const QJsonValue& v) {
  switch (v.type()) {
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
      const double d = v.toDouble();
      if (d == std::floor(d) && std::abs(d) < 1e15) return QString::number(static_cast<qint64>(d));
      return QString::number(d, 'g', 12);
    }
    case QJsonValue::String: return v.toString();
    case QJsonValue::Null: return QStringLiteral("null");
    default: return {};
  }
}

const char* kErrorStyle = "color: #b00020;";

}  // namespace

NewRunForm::NewRunForm(SchemaSource source, QWidget* parent) : QWidget(parent), source_(std::move(source)) {
  layout_ = new QVBoxLayout(this);

  auto* top = new QFormLayout;
  run_name_ = new QLineEdit(this);
  run_name_->setPlaceholderText(tr("name of the run folder"));
  top->addRow(tr("Run name"), run_name_);
  layout_->addLayout(top);

  auto* groups_box = new QGroupBox(tr("Configuration groups"), this);
  groups_form_ = new QFormLayout(groups_box);
  layout_->addWidget(groups_box);

  filter_ = new QLineEdit(this);
  filter_->setPlaceholderText(tr("Filter keys (e.g. trainer, lr, mask)"));
  filter_->setClearButtonEnabled(true);
  layout_->addWidget(filter_);

  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  keys_widget_ = new QWidget(scroll);
  keys_form_ = new QFormLayout(keys_widget_);
  keys_form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  scroll->setWidget(keys_widget_);
  layout_->addWidget(scroll, 1);

  auto* command_row = new QHBoxLayout;
  command_ = new QLineEdit(this);
  command_->setReadOnly(true);
  command_->setToolTip(tr("The same run from a terminal or a cluster job"));
  auto* copy = new QPushButton(tr("Copy"), this);
  command_row->addWidget(new QLabel(tr("Command"), this));
  command_row->addWidget(command_, 1);
  command_row->addWidget(copy);
  layout_->addLayout(command_row);

  auto* bottom = new QHBoxLayout;
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  start_ = new QPushButton(tr("Start run"), this);
  start_->setDefault(true);
  bottom->addWidget(status_, 1);
  bottom->addWidget(start_);
  layout_->addLayout(bottom);

  connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(command_->text()); });
  connect(run_name_, &QLineEdit::textChanged, this, &NewRunForm::refresh);
  connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
    for (auto& [key, field] : fields_) {
      const bool show = text.isEmpty() || key.contains(text, Qt::CaseInsensitive) ||
                        field.spec.value(QStringLiteral("help")).toString().contains(text, Qt::CaseInsensitive);
      QWidget* editor = field.edit ? static_cast<QWidget*>(field.edit) : field.choice;
      keys_form_->setRowVisible(editor->parentWidget(), show);
    }
  });
  connect(start_, &QPushButton::clicked, this, [this] {
    if (isValid()) emit startRequested(trainArguments(), runDirectory());
  });
}

void NewRunForm::setRunsRoot(const QString& root) {
  runs_root_ = root;
  refresh();
}

void NewRunForm::load(const QStringList& group_choices) {
  QString error;
  const QJsonObject schema = source_(group_choices, &error);
  schema_error_ = error;
  if (!error.isEmpty()) {
    status_->setStyleSheet(QString::fromLatin1(kErrorStyle));
    status_->setText(tr("Could not read the configuration schema: %1").arg(error));
    start_->setEnabled(false);
    return;
  }
  rebuild(schema);
}

void NewRunForm::rebuild(const QJsonObject& schema) {
  loading_ = true;
  // Group choices: keep the widgets, refill their options.
  const QJsonObject groups = schema.value(QStringLiteral("groups")).toObject();
  const QJsonObject selected = schema.value(QStringLiteral("selected")).toObject();
  for (auto it = groups.begin(); it != groups.end(); ++it) {
    QComboBox*& box = groups_[it.key()];
    if (box == nullptr) {
      box = new QComboBox(this);
      groups_form_->addRow(it.key(), box);
      connect(box, &QComboBox::currentTextChanged, this, [this] {
        if (loading_) return;
        QStringList choices;
        for (const auto& [group, combo] : groups_) choices << group + QLatin1Char('=') + combo->currentText();
        load(choices);
      });
    }
    box->clear();
    for (const QJsonValue& option : it.value().toArray()) box->addItem(option.toString());
    box->setCurrentText(selected.value(it.key()).toString());
  }

  // Key fields: rebuilt from scratch, but values the user typed survive when the key still exists.
  std::map<QString, QString> typed;
  for (const auto& [key, field] : fields_)
    if (fieldText(field) != field.composed) typed[key] = fieldText(field);
  while (keys_form_->rowCount() > 0) keys_form_->removeRow(0);
  fields_.clear();
  for (const QJsonValue& entry : schema.value(QStringLiteral("keys")).toArray()) {
    const QJsonObject spec = entry.toObject();
    const QString key = spec.value(QStringLiteral("key")).toString();
    const QString type = spec.value(QStringLiteral("type")).toString();
    const QJsonValue value = spec.value(QStringLiteral("value"));
    if (key.isEmpty() || value.isObject() || value.isArray()) continue;  // sections and lists: not editable here
    // The group selections are edited above; their keys would only repeat them.
    if (groups.contains(key)) continue;
    Field field;
    field.spec = spec;
    field.composed = jsonText(value);
    auto* cell = new QWidget(keys_widget_);
    auto* row = new QHBoxLayout(cell);
    row->setContentsMargins(0, 0, 0, 0);
    const QJsonArray choices = spec.value(QStringLiteral("choices")).toArray();
    if (type == QLatin1String("bool") || !choices.isEmpty()) {
      field.choice = new QComboBox(cell);
      if (type == QLatin1String("bool")) {
        field.choice->addItems({QStringLiteral("true"), QStringLiteral("false")});
      } else {
        for (const QJsonValue& c : choices) field.choice->addItem(jsonText(c));
      }
      field.choice->setCurrentText(field.composed);
      row->addWidget(field.choice, 1);
      connect(field.choice, &QComboBox::currentTextChanged, this, &NewRunForm::refresh);
    } else {
      field.edit = new QLineEdit(field.composed, cell);
      row->addWidget(field.edit, 1);
      connect(field.edit, &QLineEdit::textChanged, this, &NewRunForm::refresh);
    }
    field.error = new QLabel(cell);
    field.error->setStyleSheet(QString::fromLatin1(kErrorStyle));
    row->addWidget(field.error);
    const QString help = spec.value(QStringLiteral("help")).toString();
    auto* label = new QLabel(key, keys_widget_);
    label->setToolTip(help);
    cell->setToolTip(help);
    keys_form_->addRow(label, cell);
    fields_.emplace(key, field);
  }
  for (const auto& [key, text] : typed) setValue(key, text);
  if (run_name_->text().isEmpty() || run_name_->isModified() == false) {
    QStringList parts;
    for (const auto& [group, box] : groups_)
      if (group == QLatin1String("data") || group == QLatin1String("model")) parts << box->currentText();
    parts << QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    run_name_->setText(parts.join(QLatin1Char('-')));
  }
  loading_ = false;
  status_->setStyleSheet({});
  refresh();
}

QString NewRunForm::fieldText(const Field& field) const {
  return field.edit != nullptr ? field.edit->text().trimmed() : field.choice->currentText();
}

QString NewRunForm::validate(const Field& field) const {
  const QString type = field.spec.value(QStringLiteral("type")).toString();
  const QString text = fieldText(field);
  double number = 0;
  if (type == QLatin1String("int")) {
    bool ok = false;
    number = static_cast<double>(text.toLongLong(&ok));
    if (!ok) return tr("a whole number, please");
  } else if (type == QLatin1String("float")) {
    bool ok = false;
    number = text.toDouble(&ok);
    if (!ok || !std::isfinite(number)) return tr("a number, please");
  } else {
    return {};
  }
  const QJsonValue min = field.spec.value(QStringLiteral("min")), max = field.spec.value(QStringLiteral("max"));
  if (min.isDouble() && number < min.toDouble()) return tr("at least %1").arg(jsonText(min));
  if (max.isDouble() && number > max.toDouble()) return tr("at most %1").arg(jsonText(max));
  return {};
}

bool NewRunForm::setValue(const QString& key, const QString& text) {
  auto it = fields_.find(key);
  if (it == fields_.end()) return false;
  if (it->second.edit != nullptr) {
    it->second.edit->setText(text);
  } else {
    if (it->second.choice->findText(text) < 0) return false;
    it->second.choice->setCurrentText(text);
  }
  return true;
}

void NewRunForm::setRunName(const QString& name) {
  run_name_->setText(name);
  run_name_->setModified(true);
}

void NewRunForm::setGroup(const QString& group, const QString& option) {
  auto it = groups_.find(group);
  if (it != groups_.end()) it->second->setCurrentText(option);
}

QStringList NewRunForm::overrides() const {
  QStringList out;
  for (const auto& [group, box] : groups_) out << group + QLatin1Char('=') + box->currentText();
  for (const auto& [key, field] : fields_) {
    const QString text = fieldText(field);
    if (text != field.composed) out << key + QLatin1Char('=') + text;
  }
  return out;
}

QString NewRunForm::runDirectory() const { return QDir(runs_root_).filePath(run_name_->text().trimmed()); }

QStringList NewRunForm::trainArguments() const {
  return QStringList{QStringLiteral("train")} + overrides() + QStringList{QStringLiteral("--run-dir"), runDirectory()};
}

QString NewRunForm::commandLine() const { return CliProcess::commandLine(QStringLiteral("gramt-cli"), trainArguments()); }

QStringList NewRunForm::errors() const {
  QStringList out;
  if (!schema_error_.isEmpty()) out << schema_error_;
  const QString name = run_name_->text().trimmed();
  if (name.isEmpty()) out << tr("run name: empty");
  if (name.contains(QLatin1Char('/'))) out << tr("run name: no '/' please (it names one folder)");
  if (!name.isEmpty() && QDir(runDirectory()).exists()) out << tr("run name: %1 exists already").arg(runDirectory());
  for (const auto& [key, field] : fields_) {
    const QString problem = validate(field);
    if (!problem.isEmpty()) out << key + QStringLiteral(": ") + problem;
  }
  return out;
}

void NewRunForm::refresh() {
  if (loading_) return;
  for (auto& [key, field] : fields_) {
    const QString problem = validate(field);
    field.error->setText(problem);
    if (field.edit != nullptr) field.edit->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("border: 1px solid #b00020;"));
  }
  const QStringList problems = errors();
  command_->setText(commandLine());
  start_->setEnabled(problems.isEmpty());
  status_->setStyleSheet(problems.isEmpty() ? QString() : QString::fromLatin1(kErrorStyle));
  status_->setText(problems.isEmpty() ? tr("Ready: the run starts as a gramt-cli child process.")
                                      : problems.join(QLatin1Char('\n')));
  emit changed();
}

}  // namespace gramt::workbench

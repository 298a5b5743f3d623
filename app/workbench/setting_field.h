#pragma once
// One declared setting (a row of `gramt-cli evaluate --schema`: key, type, default, min, max,
// choices, help) as a form field: a spin box for a whole number within its range (with a
// "default" step below it when the setting has no default of its own), a decimal box, a check box
// for a flag, a choice box for a list, a line for text. The field knows its option, so the form's
// command line only names what differs from the declared default.
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

class QWidget;

namespace gramt::workbench {

class SettingField : public QObject {
  Q_OBJECT

 public:
  SettingField(const QJsonObject& spec, QWidget* parent);

  QString key() const { return spec_.value(QStringLiteral("key")).toString(); }
  QString label() const;           // "Grid points" for grid-points
  QString help() const { return spec_.value(QStringLiteral("help")).toString(); }
  QWidget* widget() const { return widget_; }  // named after the key, for tests

  QString text() const;            // the value as the option takes it; "" = not given
  QString defaultText() const { return default_text_; }
  bool setText(const QString& text);  // as a user would choose it; false when the field cannot show it
  void resetToDefault() { setText(default_text_); }
  // ["--key", "value"], ["--flag"], or nothing at the default (unless asked for it anyway).
  QStringList arguments(bool even_at_default = false) const;

 signals:
  void changed();

 private:
  QJsonObject spec_;
  QString default_text_;
  QWidget* widget_ = nullptr;
};

}  // namespace gramt::workbench

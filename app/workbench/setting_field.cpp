#include "app/workbench/setting_field.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gramt::workbench {

namespace {

QString notGivenText() { return QObject::tr("(default)"); }

QString valueText(const QJsonValue& value) {
  if (value.isBool()) return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
  if (value.isDouble()) {
    const double v = value.toDouble();
    return v == std::floor(v) && std::abs(v) < 1e15 ? QString::number(static_cast<qint64>(v)) : QString::number(v, 'g', 10);
  }
  return value.toString();  // a string, or null: ""
}

// A spin box's bound: the declared one, else as far as an int goes (one step kept below the
// minimum for "(default)").
int intBound(const QJsonValue& bound, int fallback) {
  if (!bound.isDouble()) return fallback;
  return static_cast<int>(std::clamp(bound.toDouble(), static_cast<double>(std::numeric_limits<int>::min() + 1),
                                     static_cast<double>(std::numeric_limits<int>::max())));
}

}  // namespace

SettingField::SettingField(const QJsonObject& spec, QWidget* parent)
    : QObject(parent), spec_(spec), default_text_(valueText(spec.value(QStringLiteral("default")))) {
  const QString type = spec.value(QStringLiteral("type")).toString();
  const QJsonArray choices = spec.value(QStringLiteral("choices")).toArray();
  if (!choices.isEmpty()) {
    auto* box = new QComboBox(parent);
    if (!default_text_.isEmpty() && !choices.contains(QJsonValue(default_text_))) box->addItem(default_text_);
    if (default_text_.isEmpty()) box->addItem(QString());  // not given
    for (const QJsonValue& choice : choices) box->addItem(choice.toString());
    connect(box, &QComboBox::currentTextChanged, this, &SettingField::changed);
    widget_ = box;
  } else if (type == QLatin1String("bool")) {
    auto* box = new QCheckBox(parent);
    connect(box, &QCheckBox::toggled, this, &SettingField::changed);
    widget_ = box;
  } else if (type == QLatin1String("int")) {
    auto* box = new QSpinBox(parent);
    const int minimum = intBound(spec.value(QStringLiteral("min")), std::numeric_limits<int>::min() + 1);
    const int maximum = intBound(spec.value(QStringLiteral("max")), std::numeric_limits<int>::max());
    if (default_text_.isEmpty()) {
      box->setRange(minimum - 1, maximum);  // the step below the range stands for "not given"
      box->setSpecialValueText(notGivenText());
    } else {
      box->setRange(minimum, maximum);
    }
    connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &SettingField::changed);
    widget_ = box;
  } else if (type == QLatin1String("float")) {
    auto* box = new QDoubleSpinBox(parent);
    box->setDecimals(6);
    const QJsonValue min = spec.value(QStringLiteral("min")), max = spec.value(QStringLiteral("max"));
    box->setRange(min.isDouble() ? min.toDouble() : -1e12, max.isDouble() ? max.toDouble() : 1e12);
    connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &SettingField::changed);
    widget_ = box;
  } else {
    auto* line = new QLineEdit(parent);
    connect(line, &QLineEdit::textChanged, this, &SettingField::changed);
    widget_ = line;
  }
  widget_->setObjectName(key());
  widget_->setToolTip(help());
  resetToDefault();
}

QString SettingField::label() const {
  QString words = key().replace(QLatin1Char('-'), QLatin1Char(' '));
  if (!words.isEmpty()) words[0] = words[0].toUpper();
  return words;
}

QString SettingField::text() const {
  if (auto* box = qobject_cast<QComboBox*>(widget_)) return box->currentText();
  if (auto* box = qobject_cast<QCheckBox*>(widget_)) return box->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
  if (auto* box = qobject_cast<QSpinBox*>(widget_))
    return box->value() == box->minimum() && !box->specialValueText().isEmpty() ? QString() : QString::number(box->value());
  if (auto* box = qobject_cast<QDoubleSpinBox*>(widget_)) return QString::number(box->value(), 'g', 10);
  return qobject_cast<QLineEdit*>(widget_)->text().trimmed();
}

bool SettingField::setText(const QString& text) {
  if (auto* box = qobject_cast<QComboBox*>(widget_)) {
    const int index = box->findText(text);
    if (index < 0) return false;
    box->setCurrentIndex(index);
    return true;
  }
  if (auto* box = qobject_cast<QCheckBox*>(widget_)) {
    box->setChecked(text == QLatin1String("true"));
    return text == QLatin1String("true") || text == QLatin1String("false");
  }
  if (auto* box = qobject_cast<QSpinBox*>(widget_)) {
    if (text.isEmpty() && !box->specialValueText().isEmpty()) {
      box->setValue(box->minimum());
      return true;
    }
    bool ok = false;
    const int value = text.toInt(&ok);
    if (ok) box->setValue(value);  // clamped to the declared range
    return ok;
  }
  if (auto* box = qobject_cast<QDoubleSpinBox*>(widget_)) {
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (ok) box->setValue(value);
    return ok || text.isEmpty();
  }
  qobject_cast<QLineEdit*>(widget_)->setText(text);
  return true;
}

QStringList SettingField::arguments(bool even_at_default) const {
  const QString value = text();
  const QString option = spec_.value(QStringLiteral("option")).toString();
  if (qobject_cast<QCheckBox*>(widget_) != nullptr)  // a flag: only ever switched on
    return value == QLatin1String("true") && (even_at_default || value != default_text_) ? QStringList{option} : QStringList{};
  if (value.isEmpty() || (!even_at_default && value == default_text_)) return {};
  return {option, value};
}

}  // namespace gramt::workbench

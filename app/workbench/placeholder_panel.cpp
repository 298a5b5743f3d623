#include "app/workbench/placeholder_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace gramt::workbench {

PlaceholderPanel::PlaceholderPanel(const QString& title, const QString& description, QWidget* parent)
    : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()), this);
  auto* text = new QLabel(description, this);
  text->setWordWrap(true);
  text->setMaximumWidth(640);
  auto* note = new QLabel(tr("<i>Not available in this version yet.</i>"), this);
  layout->addStretch(1);
  for (QLabel* label : {heading, text, note}) {
    label->setAlignment(Qt::AlignHCenter);
    layout->addWidget(label, 0, Qt::AlignHCenter);
  }
  layout->addStretch(2);
}

}  // namespace gramt::workbench

#pragma once
// The grid points of a task's detail in plain words. The kits record each point's hyper-parameters
// as Python printed them ("<class 'torch.optim.adam.Adam'>"); the Evaluate panel shows them the way
// a reader would say them, as a table with one row per grid point.
#include <QString>

#include <nlohmann/json.hpp>
#include <vector>

#include "core/eval/benchmark/task_detail.h"

namespace gramt::workbench {

// One value: "<class 'torch.nn.modules.linear.Identity'>" → "Identity", "<function xavier_uniform_>"
// → "xavier_uniform", [1024, 1024] → "1024, 1024", 0.00032 → "0.00032", 1e-05 → "1e-5",
// false → "no", null → "—"; other text as it is.
QString hyperParameterText(const nlohmann::json& value);

// The protocol line of a task's detail with the JSON it quotes (the chosen hyper-parameters, the
// post-processing) in the same plain words, one clause per line: "score mode max; hparams
// {\"lr\": 0.00032, ...}" → "score mode max<br>hparams: lr 0.00032, ...". Escaped for HTML.
QString protocolHtml(const std::string& protocol);

// A key as a column heading: "hidden_layers" → "hidden layers".
QString hyperParameterName(const std::string& key);

// HTML: the hyper-parameters every point shares on one line, then one row per grid point (its
// number, ✔ and a tint on the chosen one, validation score, epochs) with one column per
// hyper-parameter that differs between the points: the kits' 13 keys as columns would not fit
// the pane, and the few that vary are what a reader compares.
QString gridPointsHtml(const std::vector<eval::benchmark::GridPointResult>& grid);

}  // namespace gramt::workbench

#include "core/eval/benchmark/results_matrix.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace gramt::eval::benchmark {

namespace fs = std::filesystem;

namespace {

// Two files with one tag (the same model embedded under two roots, or evaluated twice) get the
// name of the folder above their model folder, then a running number if that is not enough.
std::vector<std::string> row_labels(const std::vector<ResultsFile>& files) {
  // Another probe of the same embeddings is another protocol: its row says which.
  const auto probe_label = [](const ResultsFile& f) {
    const bool other_probe = !f.protocol.probe.empty() && f.protocol.probe != kMlpProbe && f.protocol.probe != kUnknownProtocolField;
    return f.model_tag + (other_probe ? " [" + f.protocol.probe + "]" : "");
  };
  std::map<std::string, int> tag_count;
  for (const ResultsFile& f : files) ++tag_count[probe_label(f)];
  std::vector<std::string> labels;
  for (const ResultsFile& f : files) {
    std::string label = probe_label(f);
    if (tag_count[label] > 1) {
      const std::string root = fs::path(f.path).parent_path().parent_path().filename().string();
      if (!root.empty()) label += " (" + root + ")";
    }
    labels.push_back(label);
  }
  std::map<std::string, int> label_count, seen;
  for (const std::string& l : labels) ++label_count[l];
  for (std::string& l : labels) {
    if (label_count[l] > 1) {
      const std::string base = l;
      l += " #" + std::to_string(++seen[base]);
    }
  }
  return labels;
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

std::string full_precision(double v) {
  if (!std::isfinite(v)) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string markdown_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '_' || c == '*' || c == '\\' || c == '`') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string latex_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '_': case '%': case '&': case '#': case '$': case '{': case '}':
        out += '\\';
        out += c;
        break;
      case '\\': out += "\\textbackslash{}"; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kIncompleteNote =
    "mean over the tasks present only: this model lacks a task or a task failed";

}  // namespace

ResultsMatrix build_results_matrix(const std::vector<ResultsFile>& files) {
  ResultsMatrix m;
  m.models = row_labels(files);
  std::set<std::string> task_names;
  for (const ResultsFile& f : files) {
    for (const TaskScore& t : f.tasks) task_names.insert(t.task);
  }
  m.tasks.assign(task_names.begin(), task_names.end());
  m.lower_is_better.assign(m.tasks.size(), false);
  std::vector<bool> direction_known(m.tasks.size(), false);
  for (const ResultsFile& f : files) {
    std::vector<MatrixCell> row(m.tasks.size());
    for (const TaskScore& t : f.tasks) {
      const size_t column =
          static_cast<size_t>(std::lower_bound(m.tasks.begin(), m.tasks.end(), t.task) - m.tasks.begin());
      MatrixCell& cell = row[column];
      cell.present = true;
      cell.mean = t.mean;
      cell.std = t.std;
      cell.seeds = static_cast<int64_t>(std::count_if(t.values.begin(), t.values.end(), [](double v) { return std::isfinite(v); }));
      cell.normalised = t.normalised;
      cell.status = t.status;
      if (!direction_known[column]) {
        m.lower_is_better[column] = t.lower_is_better;
        direction_known[column] = true;
      }
    }
    const NormalisedMean mean = normalised_mean(f.tasks);
    const bool has_every_task = std::all_of(row.begin(), row.end(), [](const MatrixCell& c) { return c.present; });
    m.mean_normalised.push_back(mean.mean);
    m.mean_normalised_std.push_back(mean.std);
    m.complete.push_back(mean.complete && has_every_task);
    m.cells.push_back(std::move(row));
    m.source_paths.push_back(f.path);
  }
  return m;
}

std::string results_matrix_csv(const ResultsMatrix& m) {
  std::ostringstream out;
  out << "model";
  for (const std::string& task : m.tasks) {
    for (const char* part : {" mean", " std", " seeds", " normalised", " status"}) out << ',' << csv_field(task + part);
  }
  out << ",s(m),s(m) std,s(m) complete,source\n";
  for (size_t r = 0; r < m.models.size(); ++r) {
    out << csv_field(m.models[r]);
    for (const MatrixCell& c : m.cells[r]) {
      out << ',' << full_precision(c.mean) << ',' << full_precision(c.std) << ',' << (c.present ? std::to_string(c.seeds) : "")
          << ',' << full_precision(c.normalised) << ',' << csv_field(c.present ? c.status : "missing");
    }
    out << ',' << full_precision(m.mean_normalised[r]) << ',' << full_precision(m.mean_normalised_std[r]) << ','
        << (m.complete[r] ? "true" : "false") << ','
        << csv_field(m.source_paths[r]) << '\n';
  }
  return out.str();
}

std::string results_matrix_markdown(const ResultsMatrix& m) {
  std::ostringstream out;
  out << "| model |";
  for (size_t t = 0; t < m.tasks.size(); ++t) out << ' ' << markdown_escape(m.tasks[t]) << (m.lower_is_better[t] ? " ↓" : "") << " |";
  out << " s(m) % |\n|---|";
  for (size_t t = 0; t < m.tasks.size(); ++t) out << "---:|";
  out << "---:|\n";
  bool any_incomplete = false;
  for (size_t r = 0; r < m.models.size(); ++r) {
    out << "| " << markdown_escape(m.models[r]) << " |";
    for (const MatrixCell& c : m.cells[r]) {
      std::string text = "--";
      if (c.present && c.status != "ok") {
        text = "failed";
      } else if (c.present && std::isfinite(c.mean)) {
        text = fixed(c.mean, 3) + (std::isfinite(c.std) ? " ± " + fixed(c.std, 3) : "");
      }
      out << ' ' << text << " |";
    }
    std::string mean = std::isfinite(m.mean_normalised[r]) ? fixed(m.mean_normalised[r], 1) : "--";
    if (std::isfinite(m.mean_normalised[r]) && std::isfinite(m.mean_normalised_std[r])) mean += " ± " + fixed(m.mean_normalised_std[r], 1);
    if (!m.complete[r]) {
      mean += " †";
      any_incomplete = true;
    }
    out << ' ' << mean << " |\n";
  }
  if (any_incomplete) out << "\n† " << kIncompleteNote << ".\n";
  return out.str();
}

std::string results_matrix_latex(const ResultsMatrix& m) {
  std::ostringstream out;
  out << "% needs \\usepackage{booktabs}; mean $\\pm$ std over seeds, s(m) in percent\n";
  out << "\\begin{tabular}{l" << std::string(m.tasks.size(), 'r') << "r}\n\\toprule\nModel";
  for (size_t t = 0; t < m.tasks.size(); ++t) out << " & " << latex_escape(m.tasks[t]) << (m.lower_is_better[t] ? " $\\downarrow$" : "");
  out << " & $s(m)$ \\\\\n\\midrule\n";
  bool any_incomplete = false;
  for (size_t r = 0; r < m.models.size(); ++r) {
    out << latex_escape(m.models[r]);
    for (const MatrixCell& c : m.cells[r]) {
      std::string text = "--";
      if (c.present && c.status != "ok") {
        text = "\\textit{failed}";
      } else if (c.present && std::isfinite(c.mean)) {
        text = "$" + fixed(c.mean, 3) + (std::isfinite(c.std) ? " \\pm " + fixed(c.std, 3) : "") + "$";
      }
      out << " & " << text;
    }
    std::string mean = std::isfinite(m.mean_normalised[r]) ? fixed(m.mean_normalised[r], 1) : "--";
    if (std::isfinite(m.mean_normalised[r]) && std::isfinite(m.mean_normalised_std[r]))
      mean = "$" + mean + " \\pm " + fixed(m.mean_normalised_std[r], 1) + "$";
    if (!m.complete[r]) {
      mean += "$^\\dagger$";
      any_incomplete = true;
    }
    out << " & " << mean << " \\\\\n";
  }
  out << "\\bottomrule\n";
  if (any_incomplete) {
    out << "\\multicolumn{" << m.tasks.size() + 2 << "}{l}{\\footnotesize $^\\dagger$ " << kIncompleteNote << ".} \\\\\n";
  }
  out << "\\end{tabular}\n";
  return out.str();
}

}  // namespace gramt::eval::benchmark

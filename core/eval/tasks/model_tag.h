#pragma once
// The name of a model's folder under the embeddings root. The HEAR runner uses
// `<module><options>` where options = "-" + "-".join(slugify(key) + "=" + slugify(value)) in the
// order given (spec/eval.md §2.2); we build ours the same way from the weights file's stem and the
// embedding options, so folders made by either tool look alike.
#include <string>
#include <utility>
#include <vector>

namespace gramt::eval::tasks {

// python-slugify's result for plain ASCII: lower case, each run of characters outside [a-z0-9]
// becomes one "-", no leading/trailing "-".
std::string slugify(const std::string& text);

// `base` followed by the options string (empty options: `base` alone).
std::string model_tag(const std::string& base, const std::vector<std::pair<std::string, std::string>>& options);

}  // namespace gramt::eval::tasks

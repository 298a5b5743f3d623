#pragma once
// The licence a hub model card (README.md) declares in its YAML front matter ("license: mit").
#include <string>

namespace gramt::hub {

// The `license:` value of the front matter of `readme_path`, or "" when the file or the field is missing.
std::string model_card_licence(const std::string& readme_path);

}  // namespace gramt::hub

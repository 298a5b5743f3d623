#pragma once
// Event labels as sed_eval sees them: its metadata container strips surrounding whitespace and
// turns "" and "none" (any case) into "no label" (which still equals another "no label").
#include <optional>
#include <string>

namespace gramt::eval::scores {

// The stripped label, or nullopt for "" / "none".
std::optional<std::string> sed_event_label(const std::string& label);

}  // namespace gramt::eval::scores

#pragma once
// One row per configuration key that read_train_settings reads: type, default, allowed range or
// values and a line of help. read_train_settings reads every such key through read_setting(), so
// the range checks and the defaults live here only; `gramt-cli train --schema` lists the same rows.
#include <string>
#include <vector>

#include "core/io/config/config.h"
#include "core/io/config/config_schema.h"

namespace gramt::train {

const std::vector<config::KeyAnnotation>& train_setting_table();

// The value of `key` (which must be in the table) from `config`, checked against the row's range
// or choices, or the row's default when the config lacks the key. Throws gramt::Error naming the
// config and the key for a value of the wrong type or out of range. T: bool, int, int64_t,
// uint64_t, double, std::string, std::vector<int64_t>.
template <typename T>
T read_setting(const config::Config& config, const std::string& key);

}  // namespace gramt::train

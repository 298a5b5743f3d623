#pragma once
// The SHA-256 moved to core/common (the hub cache needs it too); these names keep the evaluation code as it was.
#include "core/common/sha256.h"

namespace gramt::eval::benchmark {

using gramt::file_sha256_hex;
using gramt::Sha256;
using gramt::sha256_hex;

}  // namespace gramt::eval::benchmark

#pragma once
// Writing files so that a reader (or a crash, or kill -9) never sees half of one: the bytes go to a
// temporary file in the same folder, are flushed to disk, and the file is renamed into place.
#include <functional>
#include <ostream>
#include <string>

namespace gramt {

// Calls write(stream) on a temporary sibling of `path`, fsyncs it, then renames it to `path`.
// On any exception the temporary file is removed and `path` is left untouched.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// Same, for bytes already in memory.
void write_file_atomically(const std::string& path, const std::string& bytes);

// Removes, below `dir`, the temporary files of writes that never finished (a process killed in the
// middle of one). Call it only when no other process is writing there.
void remove_abandoned_temporaries(const std::string& dir);

}  // namespace gramt

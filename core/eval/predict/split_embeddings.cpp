#include "core/eval/predict/split_embeddings.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/io/json_file.h"
#include "core/eval/format/label_pickle.h"

namespace gramt::eval::predict {

namespace fs = std::filesystem;

namespace {

// Maps the raw float32 matrix into memory rather than reading it: the tensor's rows come from the
// page cache as the predictor's batches touch them, and the system can drop them again, so a
// split larger than the machine's memory still trains (the kits hold it whole). Copy-on-write, so a
// stray in-place change never reaches the file. Our own writers and the kits write raw data; a real
// .npy header of the same shape is accepted too.
torch::Tensor read_embedding_matrix(const std::string& path, int64_t rows, int64_t dim,
                                    const std::string& dims_path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(path + ": cannot open the embeddings");
  const auto file_size = static_cast<int64_t>(in.tellg());
  const int64_t expected = rows * dim * static_cast<int64_t>(sizeof(float));
  int64_t offset = 0;
  if (file_size != expected) {
    char magic[10] = {};
    in.seekg(0);
    in.read(magic, sizeof(magic));
    if (in && std::memcmp(magic, "\x93NUMPY", 6) == 0) {
      const int major = static_cast<unsigned char>(magic[6]);
      const int64_t header_len =
          major == 1 ? (static_cast<unsigned char>(magic[8]) | (static_cast<unsigned char>(magic[9]) << 8)) : -1;
      offset = header_len < 0 ? -1 : 10 + header_len;
    }
    if (offset <= 0 || file_size - offset != expected) {
      throw Error(path + ": holds " + std::to_string(file_size) + " bytes but " + dims_path + " says [" +
                  std::to_string(rows) + ", " + std::to_string(dim) + "] float32 = " +
                  std::to_string(expected) + " bytes");
    }
  }
  in.close();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open the embeddings (" + std::strerror(errno) + ")");
  const auto mapped_bytes = static_cast<size_t>(file_size);
  void* base = ::mmap(nullptr, mapped_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (base == MAP_FAILED) throw Error(path + ": cannot map the embeddings (" + std::strerror(errno) + ")");
  ::madvise(base, mapped_bytes, MADV_SEQUENTIAL);  // batches walk the rows in order
  torch::Tensor matrix = torch::from_blob(
      static_cast<char*>(base) + offset, {rows, dim}, [base, mapped_bytes](void*) { ::munmap(base, mapped_bytes); },
      torch::TensorOptions().dtype(torch::kFloat32));
  // Checked in blocks of rows, so the check's temporaries stay small whatever the split's size.
  constexpr int64_t kCheckRows = 1 << 16;
  for (int64_t begin = 0; begin < rows; begin += kCheckRows) {
    const torch::Tensor bad_rows = torch::logical_not(torch::isfinite(matrix.slice(0, begin, std::min(rows, begin + kCheckRows)))).any(1);
    if (bad_rows.any().item<bool>()) {
      const int64_t row = begin + bad_rows.nonzero().min().item<int64_t>();
      throw Error(path + ": row " + std::to_string(row) + " (of " + std::to_string(rows) +
                  ") holds NaN or infinite values (the kits refuse these too)");
    }
  }
  return matrix;
}

}  // namespace

std::pair<int64_t, int64_t> read_embedding_dimensions(const std::string& task_dir, const std::string& split) {
  const std::string path = format::EmbeddingsFolderLayout(task_dir).embedding_dimensions_file(split);
  const nlohmann::json dims = io::read_json_file(path, "embedding dimensions");
  if (!dims.is_array() || dims.size() != 2 || !dims[0].is_number_integer() || !dims[1].is_number_integer() ||
      dims[0].get<int64_t>() < 1 || dims[1].get<int64_t>() < 1) {
    throw Error(path + ": must be [rows, width] with positive integers, found " + dims.dump());
  }
  return {dims[0].get<int64_t>(), dims[1].get<int64_t>()};
}

SplitEmbeddings load_split_embeddings(const std::string& task_dir, const std::string& split, bool event_task) {
  SplitEmbeddings out;
  out.name = split;
  const auto [rows, dim] = read_embedding_dimensions(task_dir, split);
  const format::EmbeddingsFolderLayout layout(task_dir);
  const std::string dims_path = layout.embedding_dimensions_file(split);
  out.embeddings = read_embedding_matrix(layout.embeddings_matrix_file(split), rows, dim, dims_path);

  const std::string labels_path = layout.target_labels_pickle(split);
  out.row_labels = format::read_label_pickle(labels_path);
  if (!out.row_labels.is_array() || static_cast<int64_t>(out.row_labels.size()) != rows) {
    throw Error(labels_path + ": holds " + std::to_string(out.row_labels.is_array() ? out.row_labels.size() : 0) +
                " label rows but " + dims_path + " says " + std::to_string(rows) + " rows");
  }

  if (event_task) {
    const std::string stamps_path = layout.filename_timestamps_file(split);
    const nlohmann::json stamps = io::read_json_file(stamps_path, "filename timestamps");
    if (!stamps.is_array() || static_cast<int64_t>(stamps.size()) != rows) {
      throw Error(stamps_path + ": must list one [file, timestamp] pair per row (" + std::to_string(rows) + ")");
    }
    out.row_files.reserve(static_cast<size_t>(rows));
    out.row_timestamps_ms.reserve(static_cast<size_t>(rows));
    for (size_t i = 0; i < stamps.size(); ++i) {
      const auto& pair = stamps[i];
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_number()) {
        throw Error(stamps_path + ": row " + std::to_string(i) + " is not a [file, timestamp] pair");
      }
      // Rows are keyed by the audio file name, which is what the split JSON uses.
      out.row_files.push_back(fs::path(pair[0].get<std::string>()).filename().string());
      out.row_timestamps_ms.push_back(pair[1].get<double>());
    }
  }
  return out;
}

}  // namespace gramt::eval::predict

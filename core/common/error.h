#pragma once
// The one error type of the core: a message a user can act on, naming the file/field and the problem.
#include <stdexcept>
#include <string>

namespace gramt {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a long operation notices its cancel flag; callers treat it as a clean stop.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace gramt

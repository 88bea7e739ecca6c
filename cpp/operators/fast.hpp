// The fast paths and the dispatcher that chooses one per call. Every path is one entry of a table
// (fast.cpp): its name, the operation it computes, when it applies (geometry, and for some the data:
// Winograd needs finite values), the measured rule that says where it pays, and what runs it. The
// dispatcher takes, in table order, the first entry of the call's operation whose rule pays and
// that applies (asking the rule first: it is arithmetic on the sizes, while some entries look at
// every value to say whether they apply); the table ends with entries that always apply, so every
// call has a path.
// Tests, benchmarks and the JS seam's test-only switch run a path by name instead, wherever it
// applies (run_fast_path).
#pragma once

#include <cstdint>
#include <string_view>

#include "problem/problem.hpp"

namespace convt {

// One planned call as the fast paths see it. Whether the input and the weights are all finite is
// worked out at most once per call, by the first path that asks.
class FastCall {
 public:
  FastCall(const ConvProblem& problem, const float* x, const float* w, const float* bias, float* y)
      : p(problem), x(x), w(w), bias(bias), y(y) {}
  const ConvProblem& p;
  const float* x;
  const float* w;
  const float* bias;  // null: no bias
  float* y;           // p.output_elements() floats, every one written by the path
  bool input_finite() const;
  bool weights_finite() const;

 private:
  mutable int8_t input_finite_ = -1, weights_finite_ = -1;  // -1: not known yet
};

struct FastPath {
  const char* name;
  Op op;
  bool (*applies)(const FastCall&);  // computes this call, with PyTorch's numbers
  bool (*pays)(const ConvProblem&);  // the measured rule: faster than the entries after it
  void (*run)(const FastCall&);
};

// The table, in the order the dispatcher tries it.
struct FastPaths {
  const FastPath* first;
  const FastPath* last;  // one past the end
  const FastPath* begin() const { return first; }
  const FastPath* end() const { return last; }
};
FastPaths fast_paths();
// The entry of `op` called `name`, or null.
const FastPath* find_fast_path(Op op, std::string_view name);

// The entry the measured rules choose for a call, and running it.
const FastPath& choose_fast_path(const FastCall& call);
void run_fast(const FastCall& call);
// The path called `name`, wherever it applies; refused (naming the path, parameter "fastPath") when
// the call's operation has no such path or the path does not apply to the call.
Error run_fast_path(std::string_view name, const FastCall& call);

// Frees the workspace the fast paths keep between calls (memory returns to its baseline).
void release_workspace();

}  // namespace convt

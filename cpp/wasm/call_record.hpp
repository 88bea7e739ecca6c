// The call record: how the numbers of a call cross the JS <-> WASM seam, and the one place that
// reads them. They cross in one Float64Array laid out by one table, CONVT_CALL_FIELDS below: each
// field has a name and a size. web/lib/core.js reads the table once (callLayout()) and writes
// every number at its field's offset by name, and RecordReader reads them by the same names, so
// nothing depends on an order kept in step by hand. core.js fills the record with NaN first: a
// field it did not write is refused by name. The two strings of a call (padding_mode, and padding
// when it is 'same' / 'valid' / any other text) cross as Embind strings, checked by the core. Each
// JS number is checked while it is converted (finite, integral, in range); every other rule is the
// core's. The outputs of run() are written back into the record (shape, and the address of the
// malloc-ed values core.js copies out and frees), so a call builds no JS object at all.
#pragma once

#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "convt.hpp"

namespace convt {
namespace wasm {

constexpr int kMaxRank = 8;  // shapes and output sizes: core.js refuses longer arrays

// name, number of doubles. Inputs first, then what run() writes back.
#define CONVT_CALL_FIELDS(X)                                                                              \
  X(op, 1)              /* an Op enum value */                                                            \
  X(path, 1)            /* a Path enum value */                                                           \
  X(fastPath, 1)        /* tests only: -1, or the index of a name in callLayout().fastPaths */           \
  X(xRank, 1)           /* x: shape (xRank values), heap address and number of floats */                  \
  X(xShape, kMaxRank)                                                                                     \
  X(xData, 1)                                                                                             \
  X(xLength, 1)                                                                                           \
  X(wRank, 1)           /* w: likewise */                                                                 \
  X(wShape, kMaxRank)                                                                                     \
  X(wData, 1)                                                                                             \
  X(wLength, 1)                                                                                           \
  X(bias, 1)            /* heap address */                                                                \
  X(biasLength, 1)      /* -1: no bias */                                                                 \
  X(size, 2)            /* explain() / polyphase(): the input's [H, W] */                                 \
  X(kernelSize, 2)      /* explain() / polyphase(): [kH, kW] */                                           \
  X(stride, 2)                                                                                            \
  X(padding, 2)                                                                                           \
  X(paddingIsString, 1) /* 1: padding was a string (the string argument), the numbers are not read */     \
  X(dilation, 2)                                                                                          \
  X(outputPadding, 2)                                                                                     \
  X(outputPaddingGiven, 1)                                                                                \
  X(outputSizeLength, 1) /* -1: no output_size */                                                         \
  X(outputSize, kMaxRank)                                                                                 \
  X(groups, 1)                                                                                            \
  X(outRank, 1)         /* run() writes the output's rank, shape, heap address and number of floats */    \
  X(outShape, 4)                                                                                          \
  X(outData, 1)                                                                                           \
  X(outLength, 1)                                                                                         \
  X(outMultiplyAdds, 1) /* shape(): the call's multiply-adds (with outRank and outShape) */

enum class Field {
#define CONVT_FIELD_ENUM(name, count) name,
  CONVT_CALL_FIELDS(CONVT_FIELD_ENUM)
#undef CONVT_FIELD_ENUM
};

struct FieldInfo {
  const char* name;
  int count;
};
constexpr FieldInfo kCallFields[] = {
#define CONVT_FIELD_INFO(name, count) {#name, count},
    CONVT_CALL_FIELDS(CONVT_FIELD_INFO)
#undef CONVT_FIELD_INFO
};
constexpr int kFieldCount = int(sizeof(kCallFields) / sizeof(kCallFields[0]));

constexpr int offset_of(Field f) {
  int offset = 0;
  for (int i = 0; i < int(f); ++i) offset += kCallFields[i].count;
  return offset;
}
constexpr int kRecordDoubles = offset_of(Field(kFieldCount - 1)) + kCallFields[kFieldCount - 1].count;

// {fields: {name: [offset, count]}, doubles, fastPaths: [{name, op}]}: what core.js writes by name,
// and the names of the fast paths (fastPath holds the index of one; tests only).
emscripten::val call_layout();

// Reads a call record: JS numbers to integers, the first that is not an exact integer becomes the
// error, named after the JS API's parameter.
struct RecordReader {
  const double* record;
  Error error;

  double number(Field f, int i = 0) const { return record[offset_of(f) + i]; }
  int64_t integer(Field f, const std::string& parameter, int i = 0, const std::string& what = "") {
    const double v = number(f, i);
    if (error) return 0;
    if (!std::isfinite(v) || std::floor(v) != v) {
      std::ostringstream o;
      if (std::isnan(v)) o << "NaN";
      else if (std::isinf(v)) o << (v > 0 ? "Infinity" : "-Infinity");
      else o << v;
      error = make_error(parameter, what + "must be an integer, but got " + o.str());
      return 0;
    }
    if (std::fabs(v) > 9007199254740991.0) {  // beyond 2^53: not an exact integer in JS
      error = make_error(parameter, what + "is too large");
      return 0;
    }
    return int64_t(v);
  }
  Pair pair(Field f, const std::string& parameter) {
    return {integer(f, parameter, 0, "[0] "), integer(f, parameter, 1, "[1] ")};
  }
  // `count` values of an array field (a shape, an output size).
  std::vector<int64_t> integers(Field f, int64_t count, const std::string& parameter) {
    std::vector<int64_t> r;
    if (count < 0 || count > kMaxRank) {
      if (!error) error = make_error(parameter, "must have at most " + std::to_string(kMaxRank) + " values");
      return r;
    }
    for (int i = 0; i < int(count) && !error; ++i)
      r.push_back(integer(f, parameter, i, "[" + std::to_string(i) + "] "));
    return r;
  }
  template <typename T>
  const T* address(Field f, const std::string& parameter) {
    return reinterpret_cast<const T*>(uintptr_t(integer(f, parameter)));
  }

  ConvOptions options(const std::string& padding_mode, const std::string& padding_string) {
    ConvOptions o;
    o.stride = pair(Field::stride, "stride");
    o.padding = pair(Field::padding, "padding");
    if (number(Field::paddingIsString) == 1) o.padding_string = padding_string;
    o.padding_mode = padding_mode;
    o.dilation = pair(Field::dilation, "dilation");
    o.output_padding = pair(Field::outputPadding, "outputPadding");
    o.output_padding_given = number(Field::outputPaddingGiven) == 1;
    const int64_t output_size_length = integer(Field::outputSizeLength, "outputSize", 0, "length ");
    if (output_size_length >= 0) o.output_size = integers(Field::outputSize, output_size_length, "outputSize");
    o.groups = integer(Field::groups, "groups");
    return o;
  }

  // Op and Path from their Embind enum values (core.js writes only these).
  Op op(const std::string& parameter) {
    const int64_t v = integer(Field::op, parameter);
    if (v != int64_t(Op::Conv2d) && v != int64_t(Op::ConvTranspose2d) && !error)
      error = make_error(parameter, "internal: unknown operation " + std::to_string(v));
    return Op(v);
  }
  Path path() {
    const int64_t v = integer(Field::path, "path");
    if ((v < int64_t(Path::Fast) || v > int64_t(Path::Stuffed)) && !error)
      error = make_error("path", "internal: unknown path " + std::to_string(v));
    return Path(v);
  }

  // The fast path fastPath names (an index into fast_paths()), or none (-1).
  std::string_view fast_path() {
    const int64_t v = integer(Field::fastPath, "fastPath");
    if (v == -1 || error) return {};
    const FastPaths paths = fast_paths();
    if (v < 0 || v >= paths.end() - paths.begin()) {
      error = make_error("fastPath", "internal: unknown fast path " + std::to_string(v));
      return {};
    }
    return paths.begin()[v].name;
  }

  // A call without its data: op, the shapes, the bias's length (-1: none) and the options.
  Call call_shapes(const std::string& padding_mode, const std::string& padding_string) {
    Call c;
    c.op = op("op");
    c.x.shape = integers(Field::xShape, integer(Field::xRank, "x.shape", 0, "length "), "x.shape");
    c.w.shape = integers(Field::wShape, integer(Field::wRank, "w.shape", 0, "length "), "w.shape");
    c.bias_length = integer(Field::biasLength, "bias", 0, "length ");
    c.options = options(padding_mode, padding_string);
    return c;
  }

  Call call(const std::string& padding_mode, const std::string& padding_string) {
    Call c;
    c.op = op("op");
    c.path = path();
    c.fast_path = fast_path();
    c.x.shape = integers(Field::xShape, integer(Field::xRank, "x.shape", 0, "length "), "x.shape");
    c.x.data = address<float>(Field::xData, "x.data");
    c.x.length = integer(Field::xLength, "x.data", 0, "length ");
    c.w.shape = integers(Field::wShape, integer(Field::wRank, "w.shape", 0, "length "), "w.shape");
    c.w.data = address<float>(Field::wData, "w.data");
    c.w.length = integer(Field::wLength, "w.data", 0, "length ");
    c.bias_length = integer(Field::biasLength, "bias", 0, "length ");
    c.bias = c.bias_length >= 0 ? address<float>(Field::bias, "bias") : nullptr;
    c.options = options(padding_mode, padding_string);
    return c;
  }
};

inline const double* record_at(uintptr_t record) { return reinterpret_cast<const double*>(record); }

// run()'s output, written back into the record: its rank, shape, length, and the address of its
// values (malloc-ed: core.js copies them out and frees them).
void write_output(uintptr_t record, Output* y);
// shape()'s answer, written back into the record: outRank, outShape and outMultiplyAdds.
void write_planned(uintptr_t record, const Planned& planned);


}  // namespace wasm
}  // namespace convt

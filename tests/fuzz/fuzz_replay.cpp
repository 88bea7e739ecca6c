// Replays files (or every file of the directories given) through the fuzz target without
// libFuzzer, so the saved crash inputs run as regression tests under any compiler.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  int runs = 0;
  bool sweep = true;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--no-sweep") {
      sweep = false;
      continue;
    }
    std::vector<fs::path> files;
    if (fs::is_directory(argv[i])) {
      for (const auto& e : fs::directory_iterator(argv[i]))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(argv[i]);
    }
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      ++runs;
    }
  }
  // Also a deterministic sweep of generated inputs, so the target itself is exercised.
  uint32_t state = 12345;
  for (int i = 0; sweep && i < 3000; ++i, ++runs) {
    std::vector<uint8_t> bytes(200);
    for (auto& b : bytes) {
      state = state * 1664525u + 1013904223u;
      b = uint8_t(state >> 24);
    }
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  std::printf("fuzz_replay: %d inputs passed\n", runs);
  return runs > 0 ? 0 : 1;
}

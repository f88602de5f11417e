#pragma once
// Plain-text tables for command output: columns padded to their widest cell, two spaces apart,
// the last column never padded (no trailing blanks).
#include <string>
#include <vector>

namespace vsctl::cli {

class Table {
 public:
  Table() = default;  // no header row
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string str(const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace vsctl::cli
